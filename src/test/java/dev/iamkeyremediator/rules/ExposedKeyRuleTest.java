package dev.iamkeyremediator.rules;

import static dev.iamkeyremediator.rules.Keys.NOW;
import static dev.iamkeyremediator.rules.Keys.active;
import static dev.iamkeyremediator.rules.Keys.daysAgo;
import static dev.iamkeyremediator.rules.Keys.inactive;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iamkeyremediator.config.Settings;
import dev.iamkeyremediator.inventory.AccessKey;
import dev.iamkeyremediator.inventory.Seal;
import dev.iamkeyremediator.inventory.Source;
import dev.iamkeyremediator.inventory.User;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExposedKeyRuleTest {

    private static final Planner PLANNER = Settings.defaults().planner();

    private static User quarantined(Map<String, String> tags, Set<String> policies, AccessKey... keys) {
        return new User("alice", "arn:aws:iam::123456789012:user/alice", daysAgo(1000), false, tags, List.of(keys),
                Source.live(NOW), policies);
    }

    private static String verdict(KeyDecision d) {
        return d.governing().map(f -> f.rule().id() + " " + f.action()).orElse("none");
    }

    @Test
    void quarantinedUser_firstSeen_everyActiveKeyIsExposed_andTheTagIsPlanned() {
        User u = quarantined(Map.of(), Set.of("AWSCompromisedKeyQuarantineV2"),
                active("A", daysAgo(300), daysAgo(1)), active("B", daysAgo(2), daysAgo(1)), inactive("C", daysAgo(400), null));
        UserDecision d = PLANNER.decide(u, NOW);
        assertThat(d.keys()).extracting(ExposedKeyRuleTest::verdict)
                .containsExactly("EXPOSED_KEY DEACTIVATE", "EXPOSED_KEY DEACTIVATE", "none");
        assertThat(d.keys().get(0).emergency()).isTrue();
        assertThat(d.quarantineTag()).hasValueSatisfying(tag -> {
            assertThat(tag.tagKey()).isEqualTo(ExposedKeyRule.QUARANTINED_SINCE);
            assertThat(tag.value()).contains(ExposedKeyRule.since(NOW));
        });
    }

    @Test
    void keyCreatedAfterTheQuarantine_isTheRotation_leftActiveWithTheDetachLine() {
        String since = ExposedKeyRule.since(daysAgo(3));
        User u = quarantined(Map.of(ExposedKeyRule.QUARANTINED_SINCE, since), Set.of("AWSCompromisedKeyQuarantineV3"),
                active("OLD", daysAgo(300), daysAgo(1)), active("NEW", daysAgo(2), daysAgo(1)));
        UserDecision d = PLANNER.decide(u, NOW);
        assertThat(d.keys()).extracting(ExposedKeyRuleTest::verdict)
                .containsExactly("EXPOSED_KEY DEACTIVATE", "EXPOSED_KEY REPORT");
        assertThat(d.keys().get(1).governing().orElseThrow().reason())
                .contains("the rotation, left Active").contains("detach AWSCompromisedKeyQuarantineV3");
        assertThat(d.keys().get(1).emergency()).isFalse();
        assertThat(d.quarantineTag()).isEmpty();
    }

    @Test
    void aQuarantinedSinceTagWithAWrongSeal_doesNotCount_everyKeyIsExposed_andTheTagIsWrittenAgain() {
        String since = ExposedKeyRule.since(daysAgo(3));
        User u = quarantined(Map.of(ExposedKeyRule.QUARANTINED_SINCE, since + " mac:forged"),
                Set.of("AWSCompromisedKeyQuarantineV3"), active("OLD", daysAgo(300), daysAgo(1)),
                active("NEW", daysAgo(2), daysAgo(1))).withSeals(Map.of(ExposedKeyRule.QUARANTINED_SINCE, Seal.WRONG));
        UserDecision d = PLANNER.decide(u, NOW);
        assertThat(d.keys()).extracting(ExposedKeyRuleTest::verdict)
                .containsExactly("EXPOSED_KEY DEACTIVATE", "EXPOSED_KEY DEACTIVATE");
        assertThat(d.quarantineTag()).hasValueSatisfying(tag -> assertThat(tag.value()).contains(ExposedKeyRule.since(NOW)));
    }

    @Test
    void aQuarantinedSinceTagWithoutASeal_onlyReportsTheNewerKeys_sayingTheDateIsNotTheTools_andIsNotRewritten() {
        String since = ExposedKeyRule.since(daysAgo(3));
        for (Seal seal : List.of(Seal.MISSING, Seal.UNCHECKED)) {
            User u = quarantined(Map.of(ExposedKeyRule.QUARANTINED_SINCE, since), Set.of("AWSCompromisedKeyQuarantineV3"),
                    active("OLD", daysAgo(300), daysAgo(1)), active("NEW", daysAgo(2), daysAgo(1)))
                    .withSeals(Map.of(ExposedKeyRule.QUARANTINED_SINCE, seal));
            UserDecision d = PLANNER.decide(u, NOW);
            assertThat(d.keys()).extracting(ExposedKeyRuleTest::verdict)
                    .containsExactly("EXPOSED_KEY DEACTIVATE", "EXPOSED_KEY REPORT");
            assertThat(d.keys().get(1).governing().orElseThrow().reason())
                    .endsWith("the iam-key-remediator:quarantined-since tag " + seal.why()
                            + ": check that this key is the rotation");
            assertThat(d.quarantineTag()).as(seal.name()).isEmpty();
        }
    }

    @Test
    void legacyInlinePolicy_quarantinesToo_andAnUnrelatedPolicyDoesNot() {
        AccessKey key = active("A", daysAgo(30), daysAgo(1));
        assertThat(verdict(PLANNER.decide(quarantined(Map.of(), Set.of("AWSExposedCredentialPolicy_DO_NOT_REMOVE"), key),
                NOW).keys().get(0))).isEqualTo("EXPOSED_KEY DEACTIVATE");
        assertThat(verdict(PLANNER.decide(quarantined(Map.of(), Set.of("AdministratorAccess", "AWSCompromisedKey"), key),
                NOW).keys().get(0))).isEqualTo("none");
    }

    @Test
    void exposedKey_beatsADelete_andOverridesAnExemption() {
        User u = quarantined(Map.of(Settings.DEFAULT_EXEMPT_TAG_KEY, "true"), Set.of("AWSCompromisedKeyQuarantine"),
                active("A", daysAgo(400), daysAgo(200)));
        KeyDecision d = PLANNER.decide(u, NOW).keys().get(0);
        assertThat(verdict(d)).isEqualTo("EXPOSED_KEY DEACTIVATE");
        assertThat(d.findings()).extracting(f -> f.rule().id()).contains("UNUSED_KEY");
        assertThat(d.exemption().exempt()).isTrue();
        assertThat(d.heldByExemption()).isFalse();
    }

    @Test
    void policyDetached_theVoidTagIsRemoved() {
        User u = quarantined(Map.of("IAM-Key-Remediator:Quarantined-Since", ExposedKeyRule.since(daysAgo(5))), Set.of(),
                active("A", daysAgo(2), daysAgo(1)));
        UserDecision d = PLANNER.decide(u, NOW);
        assertThat(d.quarantineTag()).contains(new QuarantineTag("IAM-Key-Remediator:Quarantined-Since", Optional.empty()));
        assertThat(d.keys()).extracting(ExposedKeyRuleTest::verdict).containsExactly("none");
    }

    @Test
    void rootUser_isJudgedByItsOwnRuleAlone() {
        User root = new User(User.ROOT, "arn:aws:iam::123456789012:root", daysAgo(3000), true, Map.of(),
                List.of(active("key 1", daysAgo(900), daysAgo(400))), Source.report(NOW));
        KeyDecision d = PLANNER.decide(root, NOW).keys().get(0);
        assertThat(d.findings()).extracting(f -> f.rule().id()).containsExactly("ROOT_ACCESS_KEY");
        assertThat(d.governing().orElseThrow().rule().critical()).isTrue();
        assertThat(d.wantsChange()).isFalse();
        User rootWithAnInactiveKey = new User(User.ROOT, "arn:aws:iam::123456789012:root", daysAgo(3000), true, Map.of(),
                List.of(inactive("key 1", daysAgo(900), daysAgo(400))), Source.report(NOW));
        UserDecision inactiveRoot = PLANNER.decide(rootWithAnInactiveKey, NOW);
        assertThat(inactiveRoot.markerChanges()).as("the root user's keys are never marked").isEmpty();
        assertThat(inactiveRoot.keys().get(0).hasNews()).isFalse();
    }
}
