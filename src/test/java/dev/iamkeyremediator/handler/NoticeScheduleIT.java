package dev.iamkeyremediator.handler;

import static dev.iamkeyremediator.it.FakeTime.day;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iamkeyremediator.it.JarProcess;
import dev.iamkeyremediator.it.Moto;
import dev.iamkeyremediator.it.MotoAccount;
import dev.iamkeyremediator.it.TestAccount;
import dev.iamkeyremediator.it.TestAccount.Key;
import dev.iamkeyremediator.it.TestAccount.Received;
import java.io.File;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Owners hear in time, not every day: one account run on eleven days in a row, a key due to be deactivated on day
 * 10 its owner's only news. The notice comes 7 days before (day 3), 1 day before (day 9) and on the day it is done
 * (day 10, the packaged jar under libfaketime); the digest lists the key every day it is upcoming.
 */
@ExtendWith(MotoAccount.class)
class NoticeScheduleIT {

    private final Moto moto = Moto.shared();

    @Test
    void anUpcomingDeactivation_reachesItsOwner7DaysBefore_1DayBefore_andOnTheDay_only(TestAccount account)
            throws Exception {
        moto.travelTo(day(-300));
        account.createUser("nightly-export");
        account.tag("nightly-export", "owner", "data-team");
        Key key = account.createKey("nightly-export");
        account.tag("nightly-export", key.id(), "nightly export to the warehouse");
        moto.travelTo(day(-80)); // unused for 90 days on day 10
        account.use(key);
        moto.travelTo(day(0));
        String topic = account.createTopic("iam-key-digest");
        String security = account.subscribeQueue(topic, "security", "{\"kind\": [\"digest\"]}");
        String owner = account.subscribeQueue(topic, "data", "{\"kind\": [\"owner-notice\"], \"owner\": [\"data-team\"]}");
        account.setMode("enforce");

        List<Integer> noticeDays = new ArrayList<>();
        List<Integer> upcomingInDigest = new ArrayList<>();
        for (int n = 0; n <= 10; n++) {
            moto.travelTo(day(n));
            if (n < 10) {
                Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), day(n)));
                TestRun.against(moto.endpoint()).env("TOPIC_ARN", topic).clock(clock).run();
            } else {
                File out = JarProcess.tempFile("notice-day-10");
                File err = JarProcess.tempFile("notice-day-10-log");
                Process process = JarProcess.startAt(day(10), moto.endpoint(), Map.of("TOPIC_ARN", topic,
                        "MAX_ACTION_PERCENT", "100"), out, err, "run");
                assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
                assertThat(process.exitValue()).as(Files.readString(err.toPath())).isZero();
            }
            List<Received> notices = account.received(owner);
            if (!notices.isEmpty()) {
                noticeDays.add(n);
                String body = notices.get(0).body();
                assertThat(body).contains(key.id()).contains("\"nightly export to the warehouse\"");
                if (n == 10) {
                    assertThat(body).contains("== Deactivated by this run (1) ==").contains("now Inactive");
                } else {
                    assertThat(body).contains("deactivate due " + day(10).toString().substring(0, 10));
                }
            }
            String digest = account.received(security).get(0).body();
            if (digest.contains("== Upcoming within 7 days (1) ==")) {
                upcomingInDigest.add(n);
            }
        }
        assertThat(noticeDays).containsExactly(3, 9, 10);
        assertThat(upcomingInDigest).containsExactly(3, 4, 5, 6, 7, 8, 9);
        assertThat(account.keyStates()).containsEntry(key.id(), "Inactive");
    }
}
