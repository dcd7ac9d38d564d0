package dev.iamkeyremediator.handler;

import static dev.iamkeyremediator.it.FakeTime.day;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iamkeyremediator.aws.KmsMarkerSeal;
import dev.iamkeyremediator.inventory.Source;
import dev.iamkeyremediator.inventory.User;
import dev.iamkeyremediator.it.FaultProxy;
import dev.iamkeyremediator.it.JarProcess;
import dev.iamkeyremediator.it.Moto;
import dev.iamkeyremediator.it.MotoAccount;
import dev.iamkeyremediator.it.TestAccount.Key;
import dev.iamkeyremediator.it.TestAccount;
import dev.iamkeyremediator.report.RunSummary;
import dev.iamkeyremediator.rules.BackoutMarkers;
import dev.iamkeyremediator.run.RunFailedException;
import dev.iamkeyremediator.trust.Sealer;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Trust only what the tool wrote (docs/trust.md): markers written by hand do not bring a deletion forward,
 * markers are sealed with the account's KMS HMAC key, a date in the future or before the key was created is void,
 * nothing is left behind on a user without keys, exemption and SDK settings that would fail open stop the run before
 * any AWS call, and topics in another region receive.
 */
@ExtendWith(MotoAccount.class)
class TrustIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Moto moto = Moto.shared();
    private TestAccount account;
    private FaultProxy proxy;
    private String topic;
    private String markerKey;

    @BeforeEach
    void seed(TestAccount account) throws Exception {
        this.account = account;
        moto.travelTo(day(0));
        topic = account.topicWithQueue();
        markerKey = account.markerKey();
        proxy = new FaultProxy(moto.endpoint());
    }

    @AfterEach
    void close() {
        proxy.close();
    }

    private static String date(long dayNumber) {
        return LocalDate.ofInstant(day(dayNumber), ZoneOffset.UTC).toString();
    }

    private Key userWithKey(String name, long createdOn) {
        moto.travelTo(day(createdOn));
        account.createUser(name);
        Key key = account.createKey(name);
        moto.travelTo(day(0));
        return key;
    }

    /** The handler in this JVM on day {@code dayNumber}, sealing with the account's key unless told otherwise. */
    private RunSummary runOn(long dayNumber, Map<String, String> env) {
        moto.travelTo(day(dayNumber));
        Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), day(dayNumber)));
        try {
            return TestRun.against(proxy.endpoint()).env("TOPIC_ARN", topic).env("MARKER_KEY_ARN", markerKey).env(env)
                    .clock(clock).run();
        } catch (RunFailedException e) {
            throw new AssertionError("the run failed: " + e.summary().failures() + " " + e.summary().errors(), e);
        }
    }

    private String digest() {
        List<TestAccount.Digest> digests = account.digests();
        assertThat(digests).hasSize(1);
        return digests.get(0).body();
    }

    /** A marker value sealed as the tool would seal it, made with the key directly (moto checks no key policy). */
    private String sealed(String user, String keyId, String value) {
        try (KmsClient kms = KmsClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(TestAccount.ADMIN).build()) {
            User named = new User(user, "arn:aws:iam::123456789012:user/" + user, day(-400), false, Map.of(), List.of(),
                    Source.live(day(0)));
            return new Sealer(new KmsMarkerSeal(kms, markerKey)).tagValue(named, BackoutMarkers.tagKey(keyId), value);
        }
    }

    @Test
    void aHandWrittenMarker_doesNotBringTheDeletionForward_theCountdownRestartsSealed_andDay30DeletesTheKey()
            throws Exception {
        // a key in use until day -40, deactivated today during an incident; someone tags it as if marked 31 days ago
        Key incident = userWithKey("incident", -300);
        moto.travelTo(day(-40));
        account.use(incident);
        moto.travelTo(day(0));
        account.deactivate(incident);
        account.tag("incident", BackoutMarkers.tagKey(incident.id()), date(-31));
        // and a seal copied from another user's marker does not hold either
        Key copycat = userWithKey("copycat", -300);
        account.deactivate(copycat);
        account.tag("copycat", BackoutMarkers.tagKey(copycat.id()), sealed("someone-else", copycat.id(), date(-31)));
        account.setMode("enforce");

        RunSummary day0 = runOn(0, Map.of());

        assertThat(day0.outcomes()).containsEntry("DELETED", 0L);
        assertThat(account.keyStates()).containsEntry(incident.id(), "Inactive").containsEntry(copycat.id(), "Inactive");
        String marker = account.markers("incident").get(incident.id());
        assertThat(marker).startsWith(date(0) + " mac:").matches("\\d{4}-\\d{2}-\\d{2} mac:[A-Za-z0-9_-]{43}");
        assertThat(account.markers("copycat").get(copycat.id())).startsWith(date(0) + " mac:");
        String body = digest();
        assertThat(body).doesNotContain("not sealed")
                .containsPattern("incident  " + incident.id() + ".*its marker does not count: it carries no seal, so it"
                        + " was not written by this tool; the countdown restarts")
                .containsPattern("copycat  " + copycat.id() + ".*its marker does not count: its seal does not match")
                .contains("may be deleted on " + date(30));

        RunSummary day29 = runOn(29, Map.of());
        assertThat(day29.outcomes()).containsEntry("DELETED", 0L);
        assertThat(account.markers("incident")).as("its own seal holds: not re-dated").containsEntry(incident.id(), marker);
        account.digests();

        // day 30: the packaged jar, its clock moved by libfaketime
        moto.travelTo(day(30));
        File out = JarProcess.tempFile("trust-day-30");
        File err = JarProcess.tempFile("trust-day-30-log");
        Process process = JarProcess.startAt(day(30), proxy.endpoint(),
                Map.of("TOPIC_ARN", topic, "MARKER_KEY_ARN", markerKey, "MAX_ACTION_PERCENT", "100"), out, err, "run");
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        JsonNode summary = JSON.readTree(out);
        assertThat(process.exitValue()).as(Files.readString(err.toPath())).isZero();
        assertThat(summary.path("outcomes").path("DELETED").asInt()).isEqualTo(2);
        assertThat(account.keyStates()).doesNotContainKeys(incident.id(), copycat.id());
        assertThat(account.markers("incident")).as("its sealed marker went with it").isEmpty();
        assertThat(account.markers("copycat")).isEmpty();
    }

    @Test
    void aMarkerDatedInTheFuture_orBeforeItsKeyWasCreated_isVoid_evenSealed_andIsReplacedAndNamed() {
        Key future = userWithKey("future-dated", -300);
        account.deactivate(future);
        account.tag("future-dated", BackoutMarkers.tagKey(future.id()), sealed("future-dated", future.id(), "2099-01-01"));
        Key young = userWithKey("young-key", -10);
        account.deactivate(young);
        account.tag("young-key", BackoutMarkers.tagKey(young.id()), sealed("young-key", young.id(), date(-31)));
        account.setMode("enforce");

        RunSummary run = runOn(0, Map.of());

        assertThat(run.outcomes()).containsEntry("DELETED", 0L);
        assertThat(account.markers("future-dated").get(future.id())).startsWith(date(0) + " mac:");
        assertThat(account.markers("young-key").get(young.id())).startsWith(date(0) + " mac:");
        assertThat(digest())
                .containsPattern("future-dated  " + future.id() + ".*its marker is dated 2099-01-01, in the future")
                .containsPattern("young-key  " + young.id() + ".*its marker is dated " + date(-31)
                        + ", before the key was created on " + date(-10));
    }

    @Test
    void withoutMarkerKeyArn_markersArePlain_andTheDigestSaysSoOnTop() {
        Key idle = userWithKey("idle", -300);
        account.deactivate(idle);
        account.setMode("enforce");

        runOn(0, Map.of("MARKER_KEY_ARN", ""));

        assertThat(account.markers("idle")).containsExactly(Map.entry(idle.id(), date(0)));
        String body = digest();
        assertThat(body.indexOf("!! WARNING: backout markers are not sealed (MARKER_KEY_ARN is not set)"))
                .isPositive().isLessThan(body.indexOf("== "));
        assertThat(proxy.calls()).doesNotContainKeys("GenerateMac", "VerifyMac");

        // sealing turned on later: the plain marker restarts its countdown once, sealed
        proxy.clearCounts();
        runOn(1, Map.of());
        assertThat(account.markers("idle").get(idle.id())).startsWith(date(1) + " mac:");
        assertThat(proxy.calls("VerifyMac")).isZero(); // the plain marker had no seal to check
        assertThat(proxy.calls("GenerateMac")).isEqualTo(1);
        account.digests();
        proxy.clearCounts();
        runOn(2, Map.of());
        assertThat(proxy.calls("VerifyMac")).isEqualTo(1);
        assertThat(account.markers("idle").get(idle.id())).as("kept").startsWith(date(1) + " mac:");
    }

    @Test
    void markersOfAUserWhoseKeysAreAllGone_areRemoved() {
        Key gone = userWithKey("keys-gone", -300);
        account.tag("keys-gone", BackoutMarkers.tagKey(gone.id()), date(-5));
        account.tag("keys-gone", "team", "payments");
        account.iam().deleteAccessKey(r -> r.userName("keys-gone").accessKeyId(gone.id()));
        account.setMode("enforce");

        runOn(0, Map.of());

        assertThat(account.tags("keys-gone")).containsExactly(Map.entry("team", "payments"));
    }

    @Test
    void exemptionsWrittenAsNoOrEmpty_doNotExempt_andManyExemptUsers_putAWarningOnTop() {
        Key saidNo = userWithKey("said-no", -300);
        account.tag("said-no", "iam-key-remediator:exempt", "no");
        Key empty = userWithKey("empty-exemption", -300);
        account.tag("empty-exemption", "iam-key-remediator:exempt", "");
        for (int i = 0; i < 2; i++) {
            userWithKey("vendor-" + i, -300);
            account.tag("vendor-" + i, "iam-key-remediator:exempt", "true");
        }
        account.setMode("enforce");

        runOn(0, Map.of());

        assertThat(account.keyStates()).containsEntry(saidNo.id(), "Inactive").containsEntry(empty.id(), "Inactive");
        String body = digest();
        assertThat(body.indexOf("!! WARNING: 2 of 4 users with access keys are exempt (tag iam-key-remediator:exempt),"
                + " more than a quarter")).isPositive().isLessThan(body.indexOf("== "));
    }

    @Test
    void theCentralAndChatTopics_inAnotherRegion_bothReceive() {
        userWithKey("idle", -300);
        String central = account.topicWithQueueIn(Region.EU_WEST_1, "org-iam-key-digests");
        String chat = account.topicWithQueueIn(Region.EU_WEST_1, "iam-key-chat");
        assertThat(central).startsWith("arn:aws:sns:eu-west-1:");
        account.setMode("dry-run");

        runOn(0, Map.of("CENTRAL_TOPIC_ARN", central, "CHAT_TOPIC_ARN", chat));

        // the digest, and the run summary for the organization's roll-up
        assertThat(account.receivedIn(Region.EU_WEST_1, central)).hasSize(2)
                .anySatisfy(m -> assertThat(m.body()).contains("idle").contains("== Would deactivate"))
                .anySatisfy(m -> assertThat(m.attributes()).containsEntry("kind", "run-summary"));
        assertThat(account.receivedIn(Region.EU_WEST_1, chat)).singleElement()
                .satisfies(m -> assertThat(m.body()).contains("\"version\""));
        assertThat(account.digests()).hasSize(1);
    }

    @Test
    void settingsThatWouldFailOpen_orThatTheSdkWouldChokeOn_exitThree_namingThem_withNoAwsCall() throws Exception {
        record Case(Map<String, String> env, String message) {
        }
        for (Case c : List.of(
                new Case(Map.of("EXEMPT_TAG_KEY", "owner"), "EXEMPT_TAG_KEY and OWNER_TAG_KEY are both 'owner'"),
                new Case(Map.of("AWS_RETRY_MODE", "bogus"), "AWS_RETRY_MODE must be one of legacy, standard, adaptive"),
                new Case(Map.of("AWS_MAX_ATTEMPTS", "-1"), "AWS_MAX_ATTEMPTS must be a whole number from 1 to 999"))) {
            File out = JarProcess.tempFile("trust-config");
            File err = JarProcess.tempFile("trust-config-log");
            Process process = JarProcess.start(proxy.endpoint(), c.env(), out, err, "run");
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String stderr = Files.readString(err.toPath(), StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(stderr).isEqualTo(3);
            assertThat(stderr).contains(c.message()).doesNotContain("\tat ");
        }
        assertThat(proxy.calls()).as("no AWS call").isEmpty();
    }

    @Test
    void whenSealsCannotBeChecked_noKeyIsDeleted_noMarkerReplaced_theRunFails_butExposedAndUnusedKeysAreDeactivated()
            throws Exception {
        Key stale = userWithKey("stale", -300);
        account.deactivate(stale);
        String marker = sealed("stale", stale.id(), date(-31));
        account.tag("stale", BackoutMarkers.tagKey(stale.id()), marker);
        Key unused = userWithKey("unused", -300);
        Key leaked = userWithKey("leaked", -300);
        account.use(leaked);
        Key spare = account.createKey("leaked");
        account.deactivate(spare);
        account.tag("leaked", BackoutMarkers.tagKey(spare.id()), sealed("leaked", spare.id(), date(-31)));
        account.setMode("enforce");
        proxy.faults(call -> call.operation().equals("VerifyMac")
                ? FaultProxy.Fault.error(400, "KMSInvalidStateException", "the key is disabled")
                : FaultProxy.Fault.pass());

        moto.travelTo(day(0));
        RunFailedException failed = catchThrowableOfType(RunFailedException.class,
                () -> TestRun.against(proxy.endpoint()).env("TOPIC_ARN", topic).env("MARKER_KEY_ARN", markerKey)
                        .clock(Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), day(0)))).run());

        assertThat(failed.summary().failures()).contains("2 seals of the tool's own tags could not be checked");
        assertThat(failed.summary().errors()).anySatisfy(e -> assertThat(e).startsWith("stale VerifyMac")
                .contains("KMSInvalidStateException"));
        assertThat(account.keyStates()).containsEntry(stale.id(), "Inactive").containsEntry(unused.id(), "Inactive")
                .containsEntry(spare.id(), "Inactive");
        assertThat(account.markers("stale")).as("kept as it was").containsEntry(stale.id(), marker);
        assertThat(digest()).containsPattern("stale  " + stale.id() + ".*its seal could not be checked on this run");

        // an exposed-key event for a user whose other key carries a marker: the exposed key goes, seal or no seal
        Path event = JarProcess.tempFile("trust-event").toPath();
        Files.writeString(event, Files.readString(Paths.get("events", "health-exposed-key.json"))
                .replaceAll("AKIAEXPOSEDKEY0\\d", leaked.id()).replace("ci-deploy", "leaked"));
        RunFailedException answered = catchThrowableOfType(RunFailedException.class,
                () -> TestRun.against(proxy.endpoint()).env("TOPIC_ARN", topic).env("MARKER_KEY_ARN", markerKey)
                        .event(Files.readString(event)).run());
        assertThat(answered.summary().outcomes()).containsEntry("DEACTIVATED", 1L);
        assertThat(account.keyStates()).containsEntry(leaked.id(), "Inactive");
        assertThat(answered.summary().failures()).contains("1 seals of the tool's own tags could not be checked");
    }

    /** The seal is an HMAC of the key in KMS: the same message gives the same seal, another message another. */
    @Test
    void theSeal_isKmsHmacOverAccountUserTagAndValue() {
        try (KmsClient kms = KmsClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(TestAccount.ADMIN).build()) {
            KmsMarkerSeal seal = new KmsMarkerSeal(kms, markerKey);
            String mac = seal.seal("message");
            assertThat(seal.verify("message", mac)).isTrue();
            assertThat(seal.verify("another message", mac)).isFalse();
            assertThat(seal.verify("message", "not-base64!")).isFalse();
            byte[] raw = kms.generateMac(r -> r.keyId(markerKey).macAlgorithm("HMAC_SHA_256")
                    .message(SdkBytes.fromUtf8String("message"))).mac().asByteArray();
            assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(raw)).isEqualTo(mac);
        }
        assertThat(sealed("u", "AKIAX", "2026-01-01")).isNotEqualTo(sealed("v", "AKIAX", "2026-01-01"))
                .isNotEqualTo(sealed("u", "AKIAY", "2026-01-01")).isNotEqualTo(sealed("u", "AKIAX", "2026-01-02"))
                .isEqualTo(sealed("u", "AKIAX", "2026-01-01"));
    }
}
