package dev.iamkeyremediator.rollup;

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

    /** Accounts expected but not heard from. */
    public Set<String> silent() {
        Set<String> silent = new TreeSet<>(expected);
        silent.removeAll(latest.keySet());
        silent.removeAll(unknownSchema.keySet());
        return silent;
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
