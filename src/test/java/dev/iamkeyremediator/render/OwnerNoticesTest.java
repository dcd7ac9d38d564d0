package dev.iamkeyremediator.render;

import static dev.iamkeyremediator.rules.Keys.NOW;
import static dev.iamkeyremediator.rules.Keys.daysAgo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iamkeyremediator.config.Mode;
import dev.iamkeyremediator.config.Settings;
import dev.iamkeyremediator.errors.RunError;
import dev.iamkeyremediator.inventory.AccessKey;
import dev.iamkeyremediator.inventory.KeyStatus;
import dev.iamkeyremediator.inventory.User;
import dev.iamkeyremediator.remediation.KeyOutcome;
import dev.iamkeyremediator.remediation.MarkerOutcome;
import dev.iamkeyremediator.remediation.Outcome;
import dev.iamkeyremediator.report.RunReport;
import dev.iamkeyremediator.rules.KeyDecision;
import dev.iamkeyremediator.rules.Planner;
import dev.iamkeyremediator.rules.Rule;
import dev.iamkeyremediator.rules.RuleSettings;
import dev.iamkeyremediator.rules.Rules;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OwnerNoticesTest {

    private static final Planner PLANNER = Settings.defaults().planner();
    private static final Mode ENFORCE = Mode.fromParameterValue("/p", "enforce");
    private static final Mode DRY_RUN = Mode.fromParameterValue("/p", "dry-run");
    private static final java.time.LocalDate NOW_DAY = dev.iamkeyremediator.time.Days.day(NOW);
    private static final OwnerNotices NOTICES = new OwnerNotices("owner", "iam-key-remediator:exempt");

    private static KeyOutcome outcome(String user, Map<String, String> tags, String keyId, Outcome outcome) {
        User u = new User(user, "arn:aws:iam::123456789012:user/" + user, daysAgo(1000), false, tags,
                List.of(new AccessKey(keyId, user, KeyStatus.ACTIVE, daysAgo(300), daysAgo(100), "s3")));
        KeyDecision d = PLANNER.decide(u, NOW).keys().get(0);
        return new KeyOutcome(d, outcome, "");
    }

    private static RunReport report(Mode mode, KeyOutcome... outcomes) {
        return new RunReport(NOW, Optional.of("123456789012"), mode, "x", 5, 5, 5, Rules.build(RuleSettings.DEFAULTS).stream().map(Rule::id).toList(), List.of(outcomes), List.of(), List.of());
    }

    @Test
    void oneNoticePerOwner_theTagKeyMatchedInAnyCase_theValueTrimmed_andOnlyItsOwnKeys() {
        OwnerNotices.Notices notices = NOTICES.render(report(ENFORCE,
                outcome("ci", Map.of("Owner", "platform"), "AKIA1", Outcome.DEACTIVATED),
                outcome("deploy", Map.of("OWNER", " platform "), "AKIA2", Outcome.DEFERRED),
                outcome("etl", Map.of("owner", "data"), "AKIA3", Outcome.DELETED),
                outcome("legacy", Map.of("team", "x"), "AKIA4", Outcome.DEACTIVATED),
                outcome("blank", Map.of("owner", "  "), "AKIA5", Outcome.WITHHELD)));

        assertThat(notices.notices()).extracting(OwnerNotices.Notice::owner).containsExactly("data", "platform");
        OwnerNotices.Notice platform = notices.notices().get(1);
        assertThat(platform.keys()).isEqualTo(2);
        assertThat(platform.parts()).singleElement().satisfies(p -> assertThat(p.body()).contains("AKIA1", "AKIA2")
                .doesNotContain("AKIA3").doesNotContain("AKIA4"));
        assertThat(notices.unowned()).containsExactlyInAnyOrderEntriesOf(Map.of("legacy", 1, "blank", 1));
    }

    @Test
    void anUpcomingAction_isToldSevenDaysBefore_andOneDayBefore_andOnNoDayBetween() {
        List<Integer> told = new ArrayList<>();
        for (int lastUsed = 83; lastUsed < 90; lastUsed++) { // due in 7 days down to 1 day
            User u = new User("ci", "arn:aws:iam::123456789012:user/ci", daysAgo(1000), false, Map.of("owner", "t"),
                    List.of(new AccessKey("AKIA" + lastUsed, "ci", KeyStatus.ACTIVE, daysAgo(300), daysAgo(lastUsed), "s3")));
            KeyDecision d = PLANNER.decide(u, NOW).keys().get(0);
            assertThat(d.upcomingOn()).as("used %d days ago", lastUsed).contains(NOW_DAY.plusDays(90 - lastUsed));
            if (!NOTICES.render(report(ENFORCE, new KeyOutcome(d, Outcome.UPCOMING, ""))).notices().isEmpty()) {
                told.add(90 - lastUsed);
            }
        }
        assertThat(told).as("days before the deactivation").containsExactlyInAnyOrder(7, 1);
    }

    @Test
    void onlyWhatAnOwnerCanActOn_isTold_notReportsExemptionsOrSkips() {
        OwnerNotices.Notices notices = NOTICES.render(report(ENFORCE,
                outcome("a", Map.of("owner", "t"), "AKIA1", Outcome.REPORTED),
                outcome("b", Map.of("owner", "t"), "AKIA2", Outcome.EXEMPT),
                outcome("c", Map.of("owner", "t"), "AKIA3", Outcome.SKIPPED),
                outcome("d", Map.of(), "AKIA4", Outcome.NOT_PROCESSED)));
        assertThat(notices.notices()).isEmpty();
        assertThat(notices.unowned()).isEmpty();
    }

    @Test
    void anInactiveKey_isNewsOnTheRunThatMarksIt_notOnEveryRunOfItsCountdown() {
        KeyOutcome marked = outcome("old", Map.of("owner", "t"), "AKIA1", Outcome.BACKOUT).withMarker(
                MarkerOutcome.of(MarkerOutcome.Kind.MARKED, NOW_DAY, NOW_DAY.plusDays(30), "first seen Inactive"));
        KeyOutcome kept = outcome("older", Map.of("owner", "t"), "AKIA2", Outcome.BACKOUT).withMarker(
                MarkerOutcome.of(MarkerOutcome.Kind.KEPT, NOW_DAY.minusDays(3), NOW_DAY.plusDays(27), ""));
        OwnerNotices.Notices notices = NOTICES.render(report(ENFORCE, marked, kept));
        assertThat(notices.notices()).singleElement().satisfies(n -> {
            assertThat(n.keys()).isEqualTo(1);
            assertThat(n.parts().get(0).body()).contains("AKIA1").contains("may be deleted on " + NOW_DAY.plusDays(30))
                    .doesNotContain("AKIA2");
        });
    }

    @Test
    void notices_loggedOnly_withoutATopic_theDigestSaysNobodyWasTold() {
        RunReport report = report(ENFORCE, outcome("ci", Map.of("owner", "platform"), "AKIA1", Outcome.DEACTIVATED));
        String body = new DigestRenderer().render(report, new DigestRenderer.Owners("owner", Map.of("platform", 1),
                Set.of(), Map.of(), true)).parts().get(0).body();
        assertThat(body).contains("== Owner notices (1), written to the log only: TOPIC_ARN is not set ==");
    }

    @Test
    void enforce_saysWhatWasDone_withTheUndoCommand() {
        OwnerNotices.Notice notice = NOTICES.render(report(ENFORCE,
                outcome("ci", Map.of("owner", "platform"), "AKIA1", Outcome.DEACTIVATED),
                outcome("old", Map.of("owner", "platform"), "AKIA9", Outcome.DELETED))).notices().get(0);
        Digest.Part part = notice.parts().get(0);
        assertThat(part.subject()).isEqualTo("123456789012: your IAM access keys: 1 deleted, 1 deactivated");
        assertThat(part.body()).doesNotContain("Dry-run")
                .contains("== Deleted by this run (1) ==\nA deleted key cannot be restored")
                .contains("== Deactivated by this run (1) ==")
                .contains("still needed? make it Active again: aws iam update-access-key --user-name ci "
                        + "--access-key-id AKIA1 --status Active")
                .contains("aws iam tag-user --user-name ci --tags Key=iam-key-remediator:exempt,Value=YYYY-MM-DD");
    }

    @Test
    void dryRun_saysWould_andOffersNoUndo() {
        Digest.Part part = NOTICES.render(report(DRY_RUN,
                outcome("ci", Map.of("owner", "platform"), "AKIA1", Outcome.WOULD_DEACTIVATE))).notices().get(0)
                .parts().get(0);
        assertThat(part.subject()).isEqualTo("DRY-RUN 123456789012: your IAM access keys: would deactivate 1");
        assertThat(part.body()).contains("Dry-run: nothing was changed")
                .contains("== Would deactivate (dry-run) (1) ==\nEnforce mode would deactivate these keys.")
                .doesNotContain("make it Active again:").doesNotContain("the command under it");
    }

    @Test
    void anOwnerWithThousandsOfKeys_getsNumberedPartsUnderTheSizeLimit() {
        List<KeyOutcome> many = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            many.add(outcome("user-" + i, Map.of("owner", "big-team"), "AKIA%06d".formatted(i), Outcome.DEACTIVATED));
        }
        OwnerNotices small = new OwnerNotices("owner", "x", 20_000);
        OwnerNotices.Notice notice = small.render(new RunReport(NOW, Optional.of("123456789012"), ENFORCE, "x", 300, 300, 300, Rules.build(RuleSettings.DEFAULTS).stream().map(Rule::id).toList(), many,
                List.of(), List.of())).notices().get(0);
        assertThat(notice.parts()).hasSizeGreaterThan(1);
        assertThat(notice.parts()).allSatisfy(p -> {
            assertThat(p.body().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(20_000);
            assertThat(p.subject()).matches(".* \\(\\d+/\\d+\\)").hasSizeLessThan(100);
        });
        String all = String.join("", notice.parts().stream().map(Digest.Part::body).toList());
        for (int i = 0; i < 300; i++) {
            assertThat(all).contains("AKIA%06d".formatted(i));
        }
    }

    @Test
    void theDigest_namesTheOwnersTold_andTheUsersWithNoOwner() {
        RunReport report = report(ENFORCE, outcome("ci", Map.of("owner", "platform"), "AKIA1", Outcome.DEACTIVATED));
        String body = new DigestRenderer().render(report, new DigestRenderer.Owners("owner",
                Map.of("platform", 1, "data", 3), Set.of("data"), Map.of("legacy", 2), false)).parts().get(0).body();
        assertThat(body).contains("== Owner notices (2) ==\n- data: 3 keys (not delivered: see Errors)\n- platform: 1 key\n")
                .contains("== No owner: users without the tag owner, nobody else was told (1) ==\n- legacy: 2 keys\n");
    }

    @Test
    void chatSummary_isACustomNotification_withTheCountsAndTheTopLines() {
        List<KeyOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            outcomes.add(outcome("user-" + i, Map.of(), "AKIA%02d".formatted(i), Outcome.DEACTIVATED));
        }
        RunReport report = new RunReport(NOW, Optional.of("123456789012"), ENFORCE, "x", 12, 12, 12, Rules.build(RuleSettings.DEFAULTS).stream().map(Rule::id).toList(), outcomes,
                List.of(RunError.read("bob", "ListAccessKeys", "AccessDenied: no")), List.of());

        JsonNode card = new ChatSummary("/iam-key-remediator/mode").render(report);

        assertThat(card.path("version").asText()).isEqualTo("1.0");
        assertThat(card.path("source").asText()).isEqualTo("custom");
        assertThat(card.path("content").path("textType").asText()).isEqualTo("client-markdown");
        assertThat(card.path("content").path("title").asText())
                .isEqualTo("iam-key-remediator " + DigestRenderer.subject(report));
        String description = card.path("content").path("description").asText();
        assertThat(description).contains("*Deactivated* 12").contains("*Errors* 1")
                .contains("- `user-0` AKIA00 UNUSED_KEY: deactivated")
                .contains("_and 4 more in the digest_")
                .contains("*First error* bob ListAccessKeys: AccessDenied: no");
        assertThat(description.lines().filter(l -> l.startsWith("- `"))).hasSize(ChatSummary.TOP_LINES);
        assertThat(card.path("content").path("nextSteps")).extracting(JsonNode::asText)
                .anySatisfy(s -> assertThat(s).contains("undo command"))
                .anySatisfy(s -> assertThat(s).contains("Errors section"));
        assertThat(card.path("metadata").path("additionalContext").path("errors").asText()).isEqualTo("1");
        assertThat(card.path("metadata").path("relatedResources")).hasSize(ChatSummary.TOP_LINES);
    }
}
