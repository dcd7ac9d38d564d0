package dev.iamkeyremediator.rollup;

import dev.iamkeyremediator.render.Digest;
import dev.iamkeyremediator.render.DigestRenderer;
import dev.iamkeyremediator.render.Text;
import dev.iamkeyremediator.report.RunSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The organization digest: totals; exposed keys first; failed runs and errors by account; the accounts expected but
 * silent; the accounts still in dry-run; summaries of an unknown schema; then one line per account. Pure.
 */
final class OrgDigest {

    private OrgDigest() {
    }

    static Digest render(RollupReport r) {
        return new Digest(Text.parts(subject(r), body(r), DigestRenderer.MAX_PART_BYTES));
    }

    /** "ORG 12 accounts: 3 deleted, 5 deactivated, 1 exposed, 2 silent, 1 dry-run, 1 failed". */
    static String subject(RollupReport r) {
        List<String> parts = new ArrayList<>(List.of(r.total("DELETED") + " deleted",
                r.total("DEACTIVATED") + " deactivated"));
        if (r.exposed() > 0) {
            parts.add(0, r.exposed() + " exposed");
        }
        if (!r.silent().isEmpty()) {
            parts.add(r.silent().size() + " silent");
        }
        if (!r.dryRun().isEmpty()) {
            parts.add(r.dryRun().size() + " dry-run");
        }
        if (!r.failed().isEmpty()) {
            parts.add(r.failed().size() + " failed");
        }
        if (r.malformed() > 0) {
            parts.add(r.malformed() + " malformed");
        }
        return Text.ascii("%sORG %d accounts: %s".formatted(r.exposed() > 0 ? "EXPOSED " : "", r.latest().size(),
                String.join(", ", parts)), Text.MAX_SUBJECT_CHARS);
    }

    static String body(RollupReport r) {
        StringBuilder out = new StringBuilder();
        out.append("iam-key-remediator organization roll-up of ").append(r.at()).append('\n');
        r.expectedUnknown().ifPresent(why -> out.append("\n!! WARNING: ").append(why).append("\n\n"));
        out.append("Accounts: %d heard from, %d expected (%s), %d silent\n".formatted(r.latest().size(),
                r.expected().size(), r.expectedFrom().isEmpty() ? "EXPECTED_ACCOUNTS not set" : r.expectedFrom(),
                r.silent().size()));
        out.append("Summaries read: %d messages, %d superseded by a later run of the same account, %d malformed"
                .formatted(r.messages(), r.duplicates(), r.malformed()))
                .append(r.malformed() > 0 ? " (moved to the dead-letter queue)" : "").append('\n');
        out.append("Totals: deleted %d, deactivated %d, exposed %d, withheld %d, deferred %d, errors %d, users %d\n"
                .formatted(r.total("DELETED"), r.total("DEACTIVATED"), r.exposed(), r.total("WITHHELD"),
                        r.total("DEFERRED"), r.accounts().stream().mapToLong(AccountSummary::errors).sum(),
                        r.accounts().stream().mapToLong(AccountSummary::users).sum()));
        List<AccountSummary> exposed = r.accounts().stream().filter(s -> s.exposed() > 0).toList();
        section(out, "Exposed keys", exposed, s -> "%d exposed (%s)".formatted(s.exposed(), s.mode()));
        section(out, "Failed runs and errors", r.failed(), s -> "%s, %d errors%s".formatted(s.summary().path("status")
                .asText(), s.errors(), s.summary().path("failures").isEmpty() ? ""
                : ": " + Text.printable(s.summary().path("failures").get(0).asText(), 200)));
        if (!r.silent().isEmpty()) {
            out.append("\n== Silent: expected, not heard from (").append(r.silent().size()).append(") ==\n");
            out.append("No run summary arrived: the stack may be gone, its schedule disabled or its role broken.\n");
            r.silent().forEach(a -> out.append("- ").append(a).append(r.lastHeard(a)
                    .map(t -> " (last heard from: a run that ended " + t + ")").orElse("")).append('\n'));
        }
        section(out, "Still in dry-run", r.dryRun(), s -> "would delete %d, would deactivate %d (%s)".formatted(
                s.outcome("WOULD_DELETE"), s.outcome("WOULD_DEACTIVATE"), Text.printable(s.summary().path("modeReason")
                        .asText(), 120)));
        if (!r.unknownSchema().isEmpty()) {
            out.append("\n== Summaries of an unknown schema (").append(r.unknownSchema().size()).append(") ==\n");
            r.unknownSchema().values().forEach(s -> out.append("- ").append(s.account()).append(": schema ")
                    .append(s.schema()).append(", this roll-up reads schema ")
                    .append(RunSummary.SCHEMA).append(": not read; update the roll-up\n"));
        }
        out.append("\n== Accounts (").append(r.latest().size()).append(") ==\n");
        for (AccountSummary s : r.accounts()) {
            out.append("- %s  %s  deleted %d  deactivated %d  exposed %d  withheld %d  deferred %d  errors %d  users %d"
                    .formatted(s.account(), s.mode(), s.outcome("DELETED"), s.outcome("DEACTIVATED"), s.exposed(),
                            s.outcome("WITHHELD"), s.outcome("DEFERRED"), s.errors(), s.users()))
                    .append("  run ended ").append(s.endedAt())
                    .append("  release ").append(s.version().orElse("before 1.0.0")).append('\n');
        }
        out.append(Text.footer());
        return out.toString();
    }

    private static void section(StringBuilder out, String heading, List<AccountSummary> accounts,
            Function<AccountSummary, String> line) {
        if (accounts.isEmpty()) {
            return;
        }
        out.append("\n== ").append(heading).append(" (").append(accounts.size()).append(") ==\n");
        accounts.forEach(s -> out.append("- ").append(s.account()).append(": ").append(line.apply(s)).append('\n'));
    }
}
