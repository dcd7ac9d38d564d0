package dev.iamkeyremediator.digest;

import static dev.iamkeyremediator.rules.Keys.NOW;
import static dev.iamkeyremediator.rules.Keys.daysAgo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iamkeyremediator.RunReport;
import dev.iamkeyremediator.config.Mode;
import dev.iamkeyremediator.config.Settings;
import dev.iamkeyremediator.inventory.AccessKey;
import dev.iamkeyremediator.inventory.InventoryError;
import dev.iamkeyremediator.inventory.KeyStatus;
import dev.iamkeyremediator.inventory.User;
import dev.iamkeyremediator.remediation.KeyOutcome;
import dev.iamkeyremediator.remediation.Outcome;
import dev.iamkeyremediator.rules.KeyDecision;
import dev.iamkeyremediator.rules.Planner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DigestRendererTest {

    private static final Planner PLANNER = Planner.fromSettings(Settings.defaults());
    private static final Mode ENFORCE = Mode.fromParameterValue("/iam-key-remediator/mode", "enforce");

    private static KeyDecision decision(String user, AccessKey key) {
        User u = new User(user, "arn:aws:iam::123456789012:user/" + user, daysAgo(1000), false, Map.of(), List.of(key));
        return PLANNER.decide(u, NOW).get(0);
    }

    private static KeyDecision unusedKey(String user, String id) {
        return decision(user, new AccessKey(id, user, KeyStatus.ACTIVE, daysAgo(300), daysAgo(100), "s3"));
    }

    private static RunReport report(Mode mode, List<KeyOutcome> outcomes, List<InventoryError> errors) {
        return new RunReport(NOW, "123456789012", mode, "live scan", 10, 12, outcomes, errors, List.of());
    }

    @Test
    void deactivatedKey_comesWithTheCommandThatUndoesIt() {
        RunReport r = report(ENFORCE, List.of(new KeyOutcome(unusedKey("alice", "AKIAALICE1"), Outcome.DEACTIVATED, "")), List.of());
        String body = new DigestRenderer().render(r).parts().get(0).body();
        assertThat(body).contains("== Deactivated (1) ==")
                .contains("- alice  AKIAALICE1  Active  UNUSED_KEY  last used 2026-03-07 (s3)  created 2025-08-19")
                .contains("undo: aws iam update-access-key --user-name alice --access-key-id AKIAALICE1 --status Active");
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
                "iam-key-remediator DRY-RUN 123456789012: would delete 0, deactivate 1, 0 reported, 0 errors");
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
        RunReport r = report(ENFORCE, List.of(), List.of(new InventoryError("bob", "GetLoginProfile", "AccessDenied (HTTP 403): no")));
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
        String subject = DigestRenderer.subject(new RunReport(NOW, "123456789012", ENFORCE, "x", 1, 1, many,
                List.of(new InventoryError("é", "x", "y")), List.of()));
        assertThat(subject.length()).isLessThan(100);
        assertThat(subject).matches("[\\x20-\\x7E]+");
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
}
