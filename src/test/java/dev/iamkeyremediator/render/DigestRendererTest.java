package dev.iamkeyremediator.render;

import static dev.iamkeyremediator.rules.Keys.NOW;
import static dev.iamkeyremediator.rules.Keys.daysAgo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iamkeyremediator.config.Mode;
import dev.iamkeyremediator.config.Release;
import dev.iamkeyremediator.config.Settings;
import dev.iamkeyremediator.errors.RunError;
import dev.iamkeyremediator.inventory.AccessKey;
import dev.iamkeyremediator.inventory.KeyStatus;
import dev.iamkeyremediator.inventory.Source;
import dev.iamkeyremediator.inventory.User;
import dev.iamkeyremediator.remediation.KeyOutcome;
import dev.iamkeyremediator.remediation.MarkerOutcome;
import dev.iamkeyremediator.remediation.Outcome;
import dev.iamkeyremediator.report.LeftoverTag;
import dev.iamkeyremediator.report.RunReport;
import dev.iamkeyremediator.rules.KeyDecision;
import dev.iamkeyremediator.rules.Planner;
import dev.iamkeyremediator.rules.Rule;
import dev.iamkeyremediator.rules.RuleSettings;
import dev.iamkeyremediator.rules.Rules;
import dev.iamkeyremediator.rules.UnusedKeyRule;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DigestRendererTest {

    private static final Planner PLANNER = Settings.defaults().planner();
    private static final Mode ENFORCE = Mode.fromParameterValue("/iam-key-remediator/mode", "enforce");

    private static KeyDecision decision(String user, AccessKey key) {
        User u = new User(user, "arn:aws:iam::123456789012:user/" + user, daysAgo(1000), false, Map.of(), List.of(key));
        return PLANNER.decide(u, NOW).keys().get(0);
    }

    private static KeyDecision unusedKey(String user, String id) {
        return decision(user, new AccessKey(id, user, KeyStatus.ACTIVE, daysAgo(300), daysAgo(100), "s3"));
    }

    private static RunReport report(Mode mode, List<KeyOutcome> outcomes, List<RunError> errors) {
        return new RunReport(NOW, Optional.of("123456789012"), mode, "live scan", 10, 12, 10, Rules.build(RuleSettings.DEFAULTS).stream().map(Rule::id).toList(), outcomes, errors, List.of());
    }

    @Test
    void deactivatedKey_comesWithTheCommandThatUndoesIt() {
        RunReport r = report(ENFORCE, List.of(new KeyOutcome(unusedKey("alice", "AKIAALICE1"), Outcome.DEACTIVATED, "")), List.of());
        String body = new DigestRenderer().render(r).parts().get(0).body();
        assertThat(body).contains("== Deactivated (1) ==")
                .contains("- alice  AKIAALICE1  now Inactive  UNUSED_KEY  last used 2026-03-07 (s3)  created 2025-08-19  "
                        + "active, last used 100 days ago (threshold 90 days)")
                .contains("undo: aws iam update-access-key --user-name alice --access-key-id AKIAALICE1 --status Active");
    }

    @Test
    void theRulesFound_areListedWithTheStandardsTheyAnswer() {
        RunReport r = report(ENFORCE, List.of(new KeyOutcome(unusedKey("alice", "AKIAALICE1"), Outcome.DEACTIVATED, "")), List.of());
        String body = new DigestRenderer().render(r).parts().get(0).body();
        assertThat(body).contains("== Rules ==\n- UNUSED_KEY: " + new UnusedKeyRule(90).standards() + "\n\n-- \n")
                .endsWith("\n-- \niam-key-remediator " + Release.version() + "\n")
                .doesNotContain("- KEY_ROTATION_DUE:");
    }

    @Test
    void keyKnownOnlyFromTheReport_isNamedBySlot_andSaysSo() {
        AccessKey slot = AccessKey.fromReport(2, "bob", KeyStatus.ACTIVE, daysAgo(200), daysAgo(1), null);
        User u = new User("bob", "arn", daysAgo(1000), false, Map.of(), List.of(slot),
                Source.report(NOW));
        String line = Text.keyLine(new KeyOutcome(PLANNER.decide(u, NOW).keys().get(0), Outcome.REPORTED, ""));
        assertThat(line).startsWith("- bob  key 2 (from the credential report)  Active  KEY_ROTATION_DUE")
                .contains("created 2025-11-27 at the latest");
    }

    @Test
    void userNameWithShellCharacters_isQuotedInTheUndoCommand() {
        RunReport r = report(ENFORCE, List.of(new KeyOutcome(unusedKey("o'brien+ci", "AKIAOB"), Outcome.DEACTIVATED, "")), List.of());
        assertThat(new DigestRenderer().render(r).parts().get(0).body())
                .contains("--user-name 'o'\\''brien+ci' --access-key-id AKIAOB");
    }

    @Test
    void dryRun_isPhrasedAsWould_andSaysNothingChanged() {
        Mode dry = Mode.fromParameterValue("/p", "dry-run");
        RunReport r = report(dry, List.of(new KeyOutcome(unusedKey("alice", "AKIA1"), Outcome.WOULD_DEACTIVATE, "")), List.of());
        Digest d = new DigestRenderer().render(r);
        assertThat(d.parts().get(0).subject()).isEqualTo(
                "DRY-RUN 123456789012: would delete 0, would deactivate 1, 0 reported, 0 errors");
        assertThat(d.parts().get(0).body()).contains("Dry-run: nothing was changed").contains("== Would deactivate (dry-run) (1) ==")
                .doesNotContain("undo:");
    }

    @Test
    void modeFallback_warningHeadsTheDigest() {
        Mode fallback = Mode.fromParameterValue("/iam-key-remediator/mode", "enforcee");
        String body = new DigestRenderer().render(report(fallback, List.of(), List.of())).parts().get(0).body();
        int warning = body.indexOf("!! WARNING:");
        assertThat(warning).isPositive();
        assertThat(body.substring(warning)).startsWith("!! WARNING: SSM parameter /iam-key-remediator/mode holds 'enforcee'");
        assertThat(body).contains("No findings");
    }

    @Test
    void errors_nameUserAndOperation() {
        RunReport r = report(ENFORCE, List.of(), List.of(RunError.read("bob", "GetLoginProfile", "AccessDenied (HTTP 403): no")));
        Digest d = new DigestRenderer().render(r);
        assertThat(d.parts().get(0).body()).contains("== Errors (1) ==").contains("- bob  GetLoginProfile: AccessDenied");
        assertThat(d.parts().get(0).subject()).endsWith("1 errors");
    }

    @Test
    void subject_isAsciiAndUnderOneHundredCharacters_evenWithHugeCounts() {
        List<KeyOutcome> many = new ArrayList<>();
        for (int i = 0; i < 12_345; i++) {
            many.add(new KeyOutcome(unusedKey("u" + i, "AKIA" + i), Outcome.REPORTED, ""));
        }
        String subject = DigestRenderer.subject(new RunReport(NOW, Optional.of("123456789012"), ENFORCE, "x", 1, 1, 1, Rules.build(RuleSettings.DEFAULTS).stream().map(Rule::id).toList(), many,
                List.of(RunError.read("é", "x", "y")), List.of()));
        assertThat(subject.length()).isLessThan(100);
        assertThat(subject).matches("[\\x20-\\x7E]+");
    }

    @Test
    void subject_countsWithheldDeferredAndUpcoming_onlyWhenNotZero() {
        List<KeyOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            outcomes.add(new KeyOutcome(unusedKey("u" + i, "AKIAW" + i), Outcome.WITHHELD, ""));
        }
        outcomes.add(new KeyOutcome(unusedKey("up", "AKIAUP"), Outcome.UPCOMING, ""));
        assertThat(DigestRenderer.subject(report(ENFORCE, outcomes, List.of())))
                .isEqualTo("ENFORCE 123456789012: 0 deleted, 0 deactivated, 0 reported, 0 errors, 7 withheld, 1 upcoming");
        assertThat(DigestRenderer.subject(report(ENFORCE, List.of(new KeyOutcome(unusedKey("d", "AKIAD"),
                Outcome.DEFERRED, "")), List.of())))
                .isEqualTo("ENFORCE 123456789012: 0 deleted, 0 deactivated, 0 reported, 0 errors, 1 deferred");
    }

    @Test
    void subject_withCountsInTheThousands_switchesToShortWords_andKeepsEveryCount() {
        List<KeyOutcome> many = new ArrayList<>();
        for (int i = 0; i < 12_345; i++) {
            many.add(new KeyOutcome(unusedKey("u" + i, "AKIA" + i), i % 3 == 0 ? Outcome.REPORTED
                    : i % 3 == 1 ? Outcome.DEFERRED : Outcome.UPCOMING, ""));
        }
        String subject = DigestRenderer.subject(report(ENFORCE, many, List.of()));
        assertThat(subject).isEqualTo("ENFORCE 123456789012: del 0, deact 0, rep 4115, err 0, defe 4115, upco 4115")
                .hasSizeLessThan(100);
    }

    @Test
    void keyWithUnknownUsage_isNeverCalledNeverUsed() {
        AccessKey old = new AccessKey("AKIAOLD", "carol", KeyStatus.ACTIVE, java.time.Instant.parse("2014-05-01T00:00:00Z"),
                null, null);
        String line = Text.keyLine(new KeyOutcome(decision("carol", old), Outcome.DEACTIVATED, ""));
        assertThat(line).contains("usage unknown (created before IAM tracked key use)").doesNotContain("never");
    }

    @Test
    void markerNotes_sayWhenTheKeyMayBeDeleted_andWhatEnforceWouldDo() {
        KeyDecision d = unusedKey("alice", "AKIAALICE1");
        java.time.LocalDate today = java.time.LocalDate.parse("2026-06-15");
        assertThat(Text.keyLine(new KeyOutcome(d, Outcome.DEACTIVATED, "", MarkerOutcome.of(
                MarkerOutcome.Kind.MARKED, today, today.plusDays(30), ""))))
                .endsWith("{marked Inactive since 2026-06-15; may be deleted on 2026-07-15 "
                        + "if still Inactive and unused}");
        assertThat(Text.keyLine(new KeyOutcome(d, Outcome.WOULD_DEACTIVATE, "", MarkerOutcome.of(
                MarkerOutcome.Kind.WOULD_MARK, today, today.plusDays(30), "first seen Inactive"))))
                .endsWith("{first seen Inactive: enforce mode would mark it Inactive since 2026-06-15, starting the "
                        + "countdown: deletion on 2026-07-15 at the earliest}");
        assertThat(Text.keyLine(new KeyOutcome(d, Outcome.BACKOUT, "", MarkerOutcome.of(
                MarkerOutcome.Kind.NOT_MARKED, "the user has 50 tags"))))
                .endsWith("{not marked: the user has 50 tags}");
    }

    @Test
    void exemptionEndingSoon_saysWhatHappensWhenItEnds() {
        AccessKey key = new AccessKey("AKIAX", "vendor", KeyStatus.ACTIVE, daysAgo(300), daysAgo(100), "s3");
        User u = new User("vendor", "arn:aws:iam::123456789012:user/vendor", daysAgo(1000), false,
                Map.of(Settings.DEFAULT_EXEMPT_TAG_KEY, "2026-06-17"), List.of(key));
        KeyDecision d = PLANNER.decide(u, NOW).keys().get(0);
        assertThat(Text.keyLine(new KeyOutcome(d, Outcome.UPCOMING, d.exemption().note())))
                .contains("UNUSED_KEY").contains("exempt through 2026-06-17; when it ends: deactivate from 2026-06-18");
    }

    @Test
    void thousandsOfFindings_splitIntoNumberedParts_thatEachFitSns() {
        List<KeyOutcome> many = new ArrayList<>();
        for (int i = 0; i < 6000; i++) {
            many.add(new KeyOutcome(unusedKey("a-rather-long-user-name-number-" + i, "AKIA%016d".formatted(i)),
                    Outcome.DEACTIVATED, ""));
        }
        Digest d = new DigestRenderer().render(report(ENFORCE, many, List.of()));
        assertThat(d.parts()).hasSizeGreaterThan(1);
        for (int i = 0; i < d.parts().size(); i++) {
            Digest.Part part = d.parts().get(i);
            assertThat(part.body().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(256 * 1024 - 4096);
            assertThat(part.subject()).endsWith(" (%d/%d)".formatted(i + 1, d.parts().size())).hasSizeLessThan(100);
            assertThat(part.body()).startsWith("(part %d of %d)".formatted(i + 1, d.parts().size()));
        }
        String all = d.fullText();
        for (int i = 0; i < 6000; i += 997) {
            assertThat(all).contains("AKIA%016d".formatted(i));
        }
        assertThat(all.split("undo: ", -1)).hasSize(6001);
    }

    @Test
    void everyKeyLine_carriesTheKeysDescription_safely_theRegionOfItsLastUse_andItsStateAfterTheRun() {
        String hostile = "CI deploy\nfor orders \u001b[31m\u202e\"quoted\" " + "x".repeat(500);
        AccessKey key = new AccessKey("AKIAALICE1", "alice", KeyStatus.ACTIVE, daysAgo(300), daysAgo(100), "s3", 0,
                "eu-west-1");
        User alice = new User("alice", "arn:aws:iam::123456789012:user/alice", daysAgo(1000), false,
                Map.of("akiaalice1", hostile), List.of(key));
        KeyDecision d = PLANNER.decide(alice, NOW).keys().get(0);
        String body = new DigestRenderer().render(report(ENFORCE, List.of(new KeyOutcome(d, Outcome.DEACTIVATED, "")),
                List.of())).parts().get(0).body();
        String line = body.lines().filter(l -> l.startsWith("- alice  AKIAALICE1")).findFirst().orElseThrow();
        assertThat(line).startsWith("- alice  AKIAALICE1  \"CI deploy for orders [31m 'quoted' xxxx")
                .contains("xxx...\"  now Inactive  UNUSED_KEY  last used 2026-03-07 (s3, eu-west-1)  created 2025-08-19")
                .doesNotContain("\u001b").doesNotContain("\u202e");
        String description = line.substring(line.indexOf('"') + 1, line.indexOf('"', line.indexOf('"') + 1));
        assertThat(description).hasSize(60);
        assertThat(Text.facts(new KeyOutcome(d, Outcome.DELETED, ""))).startsWith("\"CI deploy for orders")
                .contains(", deleted, last used 2026-03-07 (s3, eu-west-1), created 2025-08-19");
    }

    @Test
    void descriptionTagsOfKeysThatNoLongerExist_areListedWithTheCommandThatFreesTheSlot() {
        AccessKey kept = new AccessKey("AKIAKEPT0000000A", "bob", KeyStatus.ACTIVE, daysAgo(30), daysAgo(1), "s3");
        AccessKey gone = new AccessKey("AKIADELETED0000B", "bob", KeyStatus.INACTIVE, daysAgo(300), daysAgo(200), "s3");
        User bob = new User("bob", "arn:aws:iam::123456789012:user/bob", daysAgo(1000), false,
                Map.of("AKIAKEPT0000000A", "orders", "AKIADELETED0000B", "old laptop",
                        "AKIALONGGONE000C", "2019 migration", "team", "payments"), List.of(kept, gone),
                Source.live(NOW));
        KeyDecision deleted = PLANNER.decide(bob, NOW).keys().get(1);
        List<KeyOutcome> outcomes = List.of(new KeyOutcome(deleted, Outcome.DELETED, ""));
        List<LeftoverTag> leftovers = LeftoverTag.of(List.of(bob), outcomes);
        assertThat(leftovers).extracting(LeftoverTag::tagKey)
                .containsExactly("AKIADELETED0000B", "AKIALONGGONE000C");
        RunReport r = new RunReport(NOW, Optional.of("123456789012"), ENFORCE, "live scan", 1, 2, 1, List.of(),
                outcomes, List.of(), List.of(), leftovers);
        assertThat(new DigestRenderer().render(r).parts().get(0).body())
                .contains("== Description tags of keys that no longer exist (2) ==")
                .contains("- bob  AKIALONGGONE000C  \"2019 migration\"  free its tag slot: aws iam untag-user"
                        + " --user-name bob --tag-keys AKIALONGGONE000C");
        // a key known only by its report slot has no id to compare with: nothing is guessed
        User fromReport = new User("carol", "arn:aws:iam::123456789012:user/carol", daysAgo(1000), false,
                Map.of("AKIALONGGONE000C", "x"), List.of(AccessKey.fromReport(1, "carol", KeyStatus.ACTIVE,
                        daysAgo(30), daysAgo(1), "s3")), Source.report(NOW));
        assertThat(LeftoverTag.of(List.of(fromReport), List.of())).isEmpty();
    }

    @Test
    void aKeyDeletedBySomeoneElseMeanwhile_isShownGone_notActive() {
        KeyOutcome skipped = new KeyOutcome(unusedKey("alice", "AKIAALICE1"), Outcome.SKIPPED, KeyOutcome.KEY_GONE);
        assertThat(Text.keyLine(skipped)).startsWith("- alice  AKIAALICE1  gone  UNUSED_KEY");
        assertThat(Text.keyLine(new KeyOutcome(unusedKey("alice", "AKIAALICE1"), Outcome.SKIPPED, "changed")))
                .startsWith("- alice  AKIAALICE1  Active  UNUSED_KEY");
    }
}
