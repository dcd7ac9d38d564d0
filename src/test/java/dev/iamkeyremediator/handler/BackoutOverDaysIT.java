package dev.iamkeyremediator.handler;

import static dev.iamkeyremediator.it.FakeTime.day;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iamkeyremediator.it.FaultProxy;
import dev.iamkeyremediator.it.JarProcess;
import dev.iamkeyremediator.it.Moto;
import dev.iamkeyremediator.it.MotoAccount;
import dev.iamkeyremediator.it.Summaries;
import dev.iamkeyremediator.it.TestAccount.Key;
import dev.iamkeyremediator.it.TestAccount;
import dev.iamkeyremediator.run.RunFailedException;
import java.io.File;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.iam.model.StatusType;

/**
 * One account run on several days, the run's clock and the emulator's moved together: the backout window holds for
 * thirty days, a reactivated key is left alone, and a rotation in progress keeps the key in use. Dry-run over the
 * same days writes nothing at all. Most days run the real handler in this JVM with its clock set to the day; the
 * packaged jar runs too, its own clock moved by libfaketime, to prove the product reads its dates from the system
 * clock and nowhere else.
 *
 * <pre>
 * user             key history (day 0 = 2027-03-01)
 * idle-200         created day -300, last used day -200, Active
 * hand-off         created day -300, last used day -150, deactivated by hand on day -1 (no marker)
 * reactivated      created day -300, last used day -200, Active; reactivated and used after day 0's run
 * rotating         key A created day -300, used day -8 (a weekly job); key B created 2 hours before day 0's run
 * </pre>
 */
@ExtendWith(MotoAccount.class)
class BackoutOverDaysIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> WRITES = List.of("UpdateAccessKey", "DeleteAccessKey", "TagUser", "UntagUser",
            "CreateAccessKey", "DeleteUser", "PutParameter");

    private final Moto moto = Moto.shared();
    private TestAccount account;
    private FaultProxy proxy;
    private String topic;
    private Key idle;
    private Key handOff;
    private Key reactivated;
    private Key rotationOld;
    private Key rotationNew;

    record Run(int exit, JsonNode summary, String digest) {
        long outcome(String name) {
            return summary.path("outcomes").path(name).asLong();
        }
    }

    @BeforeEach
    void seed(TestAccount account) throws Exception {
        this.account = account;
        moto.travelTo(day(-300));
        idle = createUserWithKey("idle-200");
        handOff = createUserWithKey("hand-off");
        reactivated = createUserWithKey("reactivated");
        rotationOld = createUserWithKey("rotating");
        moto.travelTo(day(-200));
        account.use(idle);
        account.use(reactivated);
        moto.travelTo(day(-150));
        account.use(handOff);
        moto.travelTo(day(-8));
        account.use(rotationOld);
        moto.travelTo(day(-1));
        account.deactivate(handOff);
        moto.travelTo(day(0).minus(Duration.ofHours(2)));
        rotationNew = account.createKey("rotating");
        moto.travelTo(day(0));
        topic = account.topicWithQueue();
        proxy = new FaultProxy(moto.endpoint());
    }

    @AfterEach
    void close() {
        proxy.close();
    }

    private Key createUserWithKey(String name) {
        account.createUser(name);
        return account.createKey(name);
    }

    /** The handler in this JVM, its clock reading noon of the day. */
    private Run runOn(long dayNumber) {
        moto.travelTo(day(dayNumber));
        Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), day(dayNumber)));
        Map<String, Object> summary;
        int exit = 0;
        try {
            summary = Summaries.map(TestRun.against(proxy.endpoint()).env("TOPIC_ARN", topic).clock(clock).run());
        } catch (RunFailedException e) {
            summary = Summaries.map(e.summary());
            exit = 1;
        }
        List<TestAccount.Digest> digests = account.digests();
        assertThat(digests).as("one digest on day %d", dayNumber).hasSize(1);
        return new Run(exit, JSON.valueToTree(summary), digests.get(0).body());
    }

    /** The packaged jar, as a separate process whose clock libfaketime sets to noon of the day. */
    private Run jarOn(long dayNumber) throws Exception {
        moto.travelTo(day(dayNumber));
        File out = JarProcess.tempFile("day-" + dayNumber);
        File err = JarProcess.tempFile("day-" + dayNumber + "-log");
        Process process = JarProcess.startAt(day(dayNumber), proxy.endpoint(), Map.of("TOPIC_ARN", topic), out, err, "run");
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("day %d finished", dayNumber).isTrue();
        JsonNode summary = JSON.readTree(out);
        List<TestAccount.Digest> digests = account.digests();
        assertThat(digests).as("one digest on day %d; log: %s", dayNumber, Files.readString(err.toPath())).hasSize(1);
        return new Run(process.exitValue(), summary, digests.get(0).body());
    }

    private static String date(long dayNumber) {
        return LocalDate.ofInstant(day(dayNumber), ZoneOffset.UTC).toString();
    }

    private String status(Key key) {
        return account.keyStates().getOrDefault(key.id(), "deleted");
    }

    @Test
    void enforce_deactivatesOnDayZero_keepsTheKeysThirtyDays_deletesOnDayThirty_andLeavesNothingBehind() throws Exception {
        account.setMode("enforce");

        Run day0 = runOn(0);
        assertThat(day0.exit()).as(day0.summary().toString()).isZero();
        assertThat(day0.summary().path("account").asText()).isEqualTo("123456789012");
        assertThat(status(idle)).isEqualTo("Inactive");
        assertThat(status(reactivated)).isEqualTo("Inactive");
        assertThat(status(handOff)).isEqualTo("Inactive");
        assertThat(status(rotationOld)).as("the key in use is kept during a rotation").isEqualTo("Active");
        assertThat(status(rotationNew)).as("the new key, not yet deployed").isEqualTo("Active");
        assertThat(account.markers("idle-200")).containsExactly(Map.entry(idle.id(), date(0)));
        assertThat(account.markers("hand-off")).containsExactly(Map.entry(handOff.id(), date(0)));
        assertThat(day0.outcome("DEACTIVATED")).isEqualTo(2);
        assertThat(day0.outcome("DELETED")).isZero();
        assertThat(day0.digest())
                .contains("undo: aws iam update-access-key --user-name idle-200 --access-key-id " + idle.id())
                .contains("may be deleted on " + date(30))
                .containsPattern("- rotating  " + rotationNew.id() + "  Active  MULTIPLE_ACTIVE_KEYS  never used.*"
                        + "deactivate due " + date(7));

        // someone needs the reactivated key after all: the undo command, then a call signed with it
        moto.travelTo(day(0).plus(Duration.ofHours(1)));
        account.iam().updateAccessKey(r -> r.userName("reactivated").accessKeyId(reactivated.id()).status(StatusType.ACTIVE));
        account.use(reactivated);

        Run day1 = runOn(1);
        assertThat(day1.exit()).isZero();
        assertThat(status(idle)).as("never deleted the day after its deactivation").isEqualTo("Inactive");
        assertThat(status(handOff)).isEqualTo("Inactive");
        assertThat(status(reactivated)).isEqualTo("Active");
        assertThat(account.markers("reactivated")).as("void marker removed").isEmpty();
        assertThat(status(rotationOld)).isEqualTo("Active");
        assertThat(status(rotationNew)).isEqualTo("Active");
        assertThat(day1.outcome("DELETED") + day1.outcome("DEACTIVATED")).isZero();
        assertThat(day1.digest()).contains("Inactive since " + date(0) + " (marked): may be deleted on " + date(30));

        Run day8 = runOn(8);
        assertThat(status(rotationNew)).as("the never-used new key, idle past the grace").isEqualTo("Inactive");
        assertThat(status(rotationOld)).isEqualTo("Active");
        assertThat(account.markers("rotating")).containsExactly(Map.entry(rotationNew.id(), date(8)));
        assertThat(day8.outcome("DEACTIVATED")).isEqualTo(1);

        Run day29 = runOn(29);
        assertThat(day29.exit()).isZero();
        assertThat(status(idle)).isEqualTo("Inactive");
        assertThat(status(handOff)).isEqualTo("Inactive");
        assertThat(day29.outcome("DELETED")).isZero();
        assertThat(day29.digest()).containsPattern("== Upcoming within 7 days \\(\\d\\) ==(.|\\n)*- idle-200  " + idle.id()
                + "  Inactive  STALE_INACTIVE_KEY  .*delete due " + date(30) + " if still Inactive and unused");

        Run day30 = runOn(30);
        assertThat(day30.exit()).isZero();
        assertThat(status(idle)).isEqualTo("deleted");
        assertThat(status(handOff)).isEqualTo("deleted");
        assertThat(account.markers("idle-200")).isEmpty();
        assertThat(account.markers("hand-off")).isEmpty();
        assertThat(status(reactivated)).as("used on day 0: not unused").isEqualTo("Active");
        assertThat(status(rotationNew)).as("its own window runs to day 38").isEqualTo("Inactive");
        assertThat(day30.outcome("DELETED")).isEqualTo(2);
        assertThat(day30.digest()).contains("== Deleted (2) ==").contains("backout marker removed: its key is deleted");
    }

    @Test
    void theJar_onItsOwnMovedClock_deactivatesOnDayZero_andDeletesOnDayThirty() throws Exception {
        account.setMode("enforce");

        Run day0 = jarOn(0);
        assertThat(day0.exit()).as(day0.summary().toString()).isZero();
        assertThat(status(idle)).isEqualTo("Inactive");
        assertThat(account.markers("idle-200")).containsExactly(Map.entry(idle.id(), date(0)));
        assertThat(status(rotationOld)).isEqualTo("Active");
        assertThat(status(rotationNew)).isEqualTo("Active");

        Run day30 = jarOn(30);
        assertThat(day30.exit()).as(day30.summary().toString()).isZero();
        assertThat(status(idle)).isEqualTo("deleted");
        assertThat(status(handOff)).isEqualTo("deleted");
        assertThat(account.markers("idle-200")).isEmpty();
        assertThat(day30.summary().path("startedAt").asText()).startsWith(date(30));
    }

    @Test
    void dryRun_overTheSameDays_writesNothingAtAll() throws Exception {
        account.setMode("dry-run");
        Map<String, String> before = account.keyStates();
        proxy.clearCounts();

        for (long d : List.of(0L, 1L, 8L, 29L, 30L)) {
            Run run = runOn(d);
            assertThat(run.exit()).isZero();
            assertThat(run.summary().path("mode").asText()).isEqualTo("dry-run");
            if (d == 30) {
                assertThat(run.digest())
                        .contains("first seen Inactive: enforce mode would mark it Inactive since " + date(30))
                        .contains("== Would deactivate (dry-run) (3) ==");
            }
        }

        WRITES.forEach(op -> assertThat(proxy.calls(op)).as(op).isZero());
        assertThat(proxy.calls("ListAccessKeys")).as("the runs did read").isPositive();
        assertThat(account.keyStates()).isEqualTo(before);
        for (String user : List.of("idle-200", "hand-off", "reactivated", "rotating")) {
            assertThat(account.markers(user)).as(user).isEmpty();
        }
    }
}
