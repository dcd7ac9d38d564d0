package dev.iamkeyremediator.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iamkeyremediator.config.ConfigurationException;
import dev.iamkeyremediator.config.Settings;
import dev.iamkeyremediator.inventory.CredentialReport;
import dev.iamkeyremediator.inventory.MalformedCredentialReportException;
import dev.iamkeyremediator.report.Audit;
import dev.iamkeyremediator.rules.Planner;
import dev.iamkeyremediator.time.Days;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** {@code audit --credential-report FILE [--as-of YYYY-MM-DD] [--json]}: the rules on a report file, no AWS call. */
final class AuditCommand {

    static final int NOTHING_TO_DO = 0;
    static final int WOULD_ACT = 1;
    static final int BAD_INPUT = 2;
    static final int CONFIGURATION = 3;

    private AuditCommand() {
    }

    static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        return run(args, env, out, err, Clock.systemUTC());
    }

    static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err, Clock clock) {
        String file = null;
        String asOf = null;
        boolean json = false;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--credential-report" -> file = i + 1 < args.size() ? args.get(++i) : null;
                case "--as-of" -> asOf = i + 1 < args.size() ? args.get(++i) : null;
                case "--json" -> json = true;
                default -> {
                    return usage(err, "unknown option: " + args.get(i));
                }
            }
        }
        if (file == null) {
            return usage(err, "audit needs --credential-report FILE");
        }
        Instant at;
        try {
            at = asOf == null ? clock.instant() : Days.startOf(LocalDate.parse(asOf).plusDays(1)).minusSeconds(1);
        } catch (DateTimeParseException e) {
            return usage(err, "--as-of must be a date YYYY-MM-DD, got '%s'".formatted(asOf));
        }
        Planner planner;
        try {
            planner = Settings.fromEnvironment(env).planner();
        } catch (ConfigurationException e) {
            e.problems().forEach(p -> err.println("configuration error: " + p));
            return CONFIGURATION;
        }
        CredentialReport report;
        try {
            report = CredentialReport.parse(csv(Files.readAllBytes(Path.of(file))), at);
        } catch (IOException | java.nio.file.InvalidPathException e) {
            err.println("cannot read %s: %s".formatted(file, e.getMessage()));
            return BAD_INPUT;
        } catch (MalformedCredentialReportException e) {
            err.println("%s is not a credential report: %s".formatted(file, e.getMessage()));
            return BAD_INPUT;
        }
        Audit.Result result = Audit.of(report, planner, at);
        out.print(json ? Audit.json(result) + System.lineSeparator() : Audit.table(result));
        return result.wouldAct() ? WOULD_ACT : NOTHING_TO_DO;
    }

    /** The CSV, or the CSV inside the JSON answer of {@code aws iam get-credential-report} (base64 in Content). */
    private static byte[] csv(byte[] file) {
        String start = new String(file, 0, Math.min(file.length, 64), java.nio.charset.StandardCharsets.UTF_8).trim();
        if (!start.startsWith("{")) {
            return file;
        }
        try {
            JsonNode answer = new ObjectMapper().readTree(file);
            if (answer.path("Content").isTextual()) {
                return Base64.getMimeDecoder().decode(answer.path("Content").asText());
            }
        } catch (IOException | IllegalArgumentException e) {
            // not the command's answer after all: parsed as CSV below, and refused with the reason
        }
        return file;
    }

    private static int usage(PrintStream err, String problem) {
        err.println(problem);
        err.print(LocalRunner.USAGE_TEXT);
        return BAD_INPUT;
    }
}
