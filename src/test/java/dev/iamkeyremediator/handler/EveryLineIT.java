package dev.iamkeyremediator.handler;

import static dev.iamkeyremediator.it.FakeTime.day;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iamkeyremediator.it.FaultProxy;
import dev.iamkeyremediator.it.Moto;
import dev.iamkeyremediator.it.MotoAccount;
import dev.iamkeyremediator.it.TestAccount;
import dev.iamkeyremediator.it.TestAccount.Key;
import dev.iamkeyremediator.report.RunSummary;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.regions.Region;

/**
 * Every line names a key an owner can act on (docs/digest.md): a line about something that will happen names
 * the key's id even for a user settled from the credential report (one ListAccessKeys, no full read), every key line
 * carries its description, where it was last used and its state after the run, and description tags of keys that no
 * longer exist are listed with the command that frees their slot.
 */
@ExtendWith(MotoAccount.class)
class EveryLineIT {

    /** What XML (IAM's answers) can carry: a newline, a tab, a right-to-left override, a zero-width space. */
    private static final String HOSTILE = "CI deploy\nfor orders\t[2J\u202e\u200b" + "y".repeat(500);

    private final Moto moto = Moto.shared();
    private TestAccount account;
    private FaultProxy proxy;
    private String topic;
    private String owners;
    private String security;
    private Key soon;
    private Key vendor;
    private Key idle;

    @BeforeEach
    void seed(TestAccount account) throws Exception {
        this.account = account;
        moto.travelTo(day(-300));
        soon = userWithKey("nightly-export");
        vendor = userWithKey("vendor-scanner");
        idle = userWithKey("ci-deploy");
        Key rotated = userWithKey("rotated");
        Key gone = account.createKey("rotated");
        account.tag("nightly-export", soon.id(), "nightly export to the warehouse");
        account.tag("ci-deploy", idle.id(), HOSTILE);
        account.tag("ci-deploy", "owner", "platform");
        account.tag("rotated", gone.id(), "the old laptop");
        // exempt for three more days; unused for months
        account.tag("vendor-scanner", "iam-key-remediator:exempt", date(3));
        moto.travelTo(day(-200));
        account.use(vendor);
        moto.travelTo(day(-100));
        account.use(idle, Region.EU_WEST_1);
        moto.travelTo(day(-85)); // 90 days idle on day 5: upcoming, and settled from the report
        account.use(soon);
        moto.travelTo(day(0));
        account.use(rotated);
        account.iam().deleteAccessKey(r -> r.userName("rotated").accessKeyId(gone.id()));
        topic = account.createTopic("iam-key-digest");
        security = account.subscribeQueue(topic, "security", "{\"kind\": [\"digest\"]}");
        owners = account.subscribeQueue(topic, "platform", "{\"owner\": [\"platform\"]}");
        proxy = new FaultProxy(moto.endpoint());
    }

    @AfterEach
    void close() {
        proxy.close();
    }

    private Key userWithKey(String name) {
        account.createUser(name);
        return account.createKey(name);
    }

    private static String date(long dayNumber) {
        return LocalDate.ofInstant(day(dayNumber), ZoneOffset.UTC).toString();
    }

    private RunSummary run(Map<String, String> env) {
        Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), day(0)));
        return TestRun.against(proxy.endpoint()).env("TOPIC_ARN", topic).env(env).clock(clock).run();
    }

    @Test
    void linesAboutWhatWillHappen_nameTheKey_withOneCallPerUser_andCarryItsDescriptionAndWhereItWasUsed() {
        account.setMode("dry-run");
        proxy.clearCounts();

        run(Map.of());

        String digest = account.received(security).get(0).body();
        assertThat(digest)
                .containsPattern("- nightly-export  " + soon.id() + "  \"nightly export to the warehouse\"  Active"
                        + "  UNUSED_KEY  last used " + date(-85) + "  created " + date(-300)
                        + "  deactivate due " + date(5))
                .containsPattern("- vendor-scanner  " + vendor.id() + "  Active  UNUSED_KEY  last used " + date(-200)
                        + "  created " + date(-300) + "  tag iam-key-remediator:exempt: exempt through " + date(3)
                        + "; when it ends: deactivate from " + date(4))
                .doesNotContain("(from the credential report)")
                .contains("== Description tags of keys that no longer exist (1) ==")
                .containsPattern("- rotated  AKIA[A-Z0-9]{16}  \"the old laptop\"  free its tag slot: aws iam untag-user"
                        + " --user-name rotated --tag-keys AKIA[A-Z0-9]{16}");
        // one ListAccessKeys for each of the three users settled from the report, and no last-use read for them:
        // only ci-deploy, which a rule could deactivate, is read in full
        assertThat(proxy.calls("ListAccessKeys")).isEqualTo(4);
        assertThat(proxy.calls("GetAccessKeyLastUsed")).isEqualTo(1);
    }

    @Test
    void deactivatedLines_showTheKeyNowInactive_andItsDescription_inTheDigestTheNoticeAndSecurityHub() {
        account.setMode("enforce");

        run(Map.of("SECURITY_HUB", "true"));

        String digest = account.received(security).get(0).body();
        String line = digest.lines().filter(l -> l.startsWith("- ci-deploy  " + idle.id())).findFirst().orElseThrow();
        assertThat(line).startsWith("- ci-deploy  " + idle.id() + "  \"CI deploy for orders [2J yyyy")
                .contains("...\"  now Inactive  UNUSED_KEY  last used " + date(-100) + " (sts, eu-west-1)")
                .doesNotContain("\u202e").doesNotContain("\u200b").doesNotContain("\t");
        assertThat(digest).doesNotContain("yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy");
        assertThat(account.received(owners)).singleElement().satisfies(notice -> assertThat(notice.body())
                .contains("\"CI deploy for orders [2J yyy").contains("now Inactive").contains("(sts, eu-west-1)"));
        JsonNode finding = account.securityHubFindings().values().stream()
                .filter(f -> f.path("Id").asText().contains(idle.id())).findFirst().orElseThrow();
        assertThat(finding.path("Description").asText()).contains("\"CI deploy for orders [2J yyy")
                .contains("now Inactive").contains("last used " + date(-100) + " (sts, eu-west-1)");
    }
}
