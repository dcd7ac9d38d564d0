package dev.iamkeyremediator.rollup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * What a roll-up returns (its handler's result, {@code rollup}'s stdout).
 *
 * @param status      {@code succeeded} or {@code failed}
 * @param accounts    accounts heard from
 * @param silent      accounts expected but not heard from
 * @param dryRun      accounts still in dry-run
 * @param failedRuns  accounts whose latest run failed or had errors
 * @param messages    messages read
 * @param malformed   messages that were no run summary
 * @param digestParts how many messages the organization digest took
 * @param delivery    where it went
 * @param failures    why the roll-up failed; empty when it succeeded
 */
public record RollupResult(String status, int accounts, List<String> silent, List<String> dryRun,
        List<String> failedRuns, int messages, int malformed, int digestParts, List<String> delivery,
        List<String> failures) {

    static RollupResult of(RollupReport r, int parts, List<String> delivery, List<String> failures) {
        return new RollupResult(failures.isEmpty() ? "succeeded" : "failed", r.latest().size(),
                List.copyOf(r.silent()), r.dryRun().stream().map(AccountSummary::account).toList(),
                r.failed().stream().map(AccountSummary::account).toList(), r.messages(), r.malformed(), parts,
                List.copyOf(delivery), List.copyOf(failures));
    }

    public boolean failed() {
        return !failures.isEmpty();
    }

    public String toJson() {
        try {
            return RollupJson.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
