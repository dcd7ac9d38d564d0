package dev.iamkeyremediator.rules;

import dev.iamkeyremediator.inventory.AccessKey;
import dev.iamkeyremediator.inventory.User;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One rule of docs/rules.md: pure, no I/O, the clock passed in. Besides its verdicts, a rule declares what is its
 * own, so that no renderer, triage or publisher names it: its id and standards, what it needs read live, and its
 * wording.
 */
public interface Rule {

    /** The rule's id, as the digest, the run summary, the metrics and Security Hub name it (e.g. UNUSED_KEY). */
    String id();

    /** The standards it implements, for people. */
    String standards();

    /**
     * The requirement ids the rule answers, as Security Hub's Compliance.RelatedRequirements lists them: CIS AWS
     * Foundations Benchmark controls per version, and Security Hub control ids (IAM.3, IAM.8, IAM.22).
     */
    List<String> requirements();

    /**
     * @param user    the user and all its keys
     * @param decided the strongest action stronger rules have already asked for, per key id
     * @param now     the instant the run evaluates at
     * @return the findings that hold at {@code now}
     */
    List<Finding> evaluate(User user, Map<String, Action> decided, Instant now);

    /** Whether the rule judges this user: every rule but the root's own judges IAM users only. */
    default boolean judges(User user) {
        return !user.root();
    }

    /**
     * An emergency: the rule's actions go first, ahead of every other rule's (even a delete), are never capped or
     * deferred, override an exemption, and are shown first on every channel.
     */
    default boolean emergency() {
        return false;
    }

    /** Critical findings head every channel and are CRITICAL in Security Hub. */
    default boolean critical() {
        return emergency();
    }

    /** The ASFF finding types of the rule's findings (Security Hub's Types). */
    default List<String> findingTypes() {
        return List.of("Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark");
    }

    /** Whether a live read must fetch the user's console password for this key (the login profile is one call). */
    default boolean needsPassword(Instant userCreated, AccessKey key) {
        return false;
    }

    /**
     * Why the credential report cannot tell what this rule would do to the user, which is then read live; empty when
     * the report (with the user's tags and policies from the listing) is enough.
     *
     * @param asReported the user as its report row and the listing show it, its keys named by slot
     */
    default Optional<String> whyReadLive(User asReported) {
        return Optional.empty();
    }

    /** The condition under which an upcoming action of this rule happens, as a warning line ends. */
    default String upcomingCondition() {
        return "if unused until then";
    }

    /** What an owner should do about a report-only finding of this rule; empty to state the finding's reason. */
    default Optional<String> reportAdvice() {
        return Optional.empty();
    }
}
