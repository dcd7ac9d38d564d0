package dev.iamkeyremediator.rollup;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one roll-up read: the latest summary of each account, who was expected, and what could not be read.
 *
 * @param at              when the roll-up ran
 * @param expected        the accounts expected to report, and where that list came from
 * @param expectedFrom    {@code EXPECTED_ACCOUNTS}, or {@code organization}, or empty when nothing is expected
 * @param latest          the latest summary per account (of the known schema), by account
 * @param unknownSchema   summaries of another schema version, by account: reported, not read
 * @param messages        messages read
 * @param duplicates      summaries superseded by a later one of the same account
 * @param malformed       messages that were no run summary (moved to the dead-letter queue)
 * @param expectedUnknown why the expected accounts could not be read (silence then cannot be told); empty if they were
 */
public record RollupReport(Instant at, Set<String> expected, String expectedFrom, Map<String, AccountSummary> latest,
        Map<String, AccountSummary> unknownSchema, int messages, int duplicates, int malformed,
        Optional<String> expectedUnknown) {

    /** A summary older than this (a daily run's, and then some) does not make its account heard from. */
    static final Duration HEARD_WITHIN = Duration.ofHours(36);

    /**
     * Accounts expected but not heard from lately: no summary, or only one whose run ended more than
     * {@link #HEARD_WITHIN} before the roll-up (left over in the queue).
     */
    public Set<String> silent() {
        Set<String> silent = new TreeSet<>(expected);
        Instant since = at.minus(HEARD_WITHIN);
        latest.values().stream().filter(s -> !s.endedAt().isBefore(since)).forEach(s -> silent.remove(s.account()));
        unknownSchema.values().stream().filter(s -> !s.endedAt().isBefore(since))
                .forEach(s -> silent.remove(s.account()));
        return silent;
    }

    /** When a silent account was last heard from, if ever. */
    Optional<Instant> lastHeard(String account) {
        return Optional.ofNullable(latest.getOrDefault(account, unknownSchema.get(account)))
                .map(AccountSummary::endedAt);
    }

    List<AccountSummary> accounts() {
        return latest.values().stream().sorted(Comparator.comparing(AccountSummary::account)).toList();
    }

    long total(String outcome) {
        return latest.values().stream().mapToLong(s -> s.outcome(outcome)).sum();
    }

    long exposed() {
        return latest.values().stream().mapToLong(AccountSummary::exposed).sum();
    }

    List<AccountSummary> dryRun() {
        return accounts().stream().filter(s -> !s.mode().equals("enforce")).toList();
    }

    List<AccountSummary> failed() {
        return accounts().stream().filter(s -> s.failed() || s.errors() > 0).toList();
    }
}
