package dev.iamkeyremediator.handler;

import dev.iamkeyremediator.config.ConfigurationException;
import dev.iamkeyremediator.config.Release;
import dev.iamkeyremediator.config.Settings;
import dev.iamkeyremediator.rollup.RollupException;
import dev.iamkeyremediator.rollup.RollupFailedException;
import dev.iamkeyremediator.run.Remediator;
import dev.iamkeyremediator.run.RunFailedException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar iam-key-remediator.jar run}: one scheduled invocation through the Lambda handler, against the
 * account the standard AWS SDK configuration points at. Prints the run summary as JSON on stdout. Also
 * {@code audit}, the rules on a credential report file ({@link AuditCommand}).
 */
public final class LocalRunner {

    static final int OK = 0;
    static final int RUN_FAILED = 1;
    static final int USAGE = 2;
    static final int CONFIGURATION = 3;

    static final String USAGE_TEXT = """
            usage: java -jar iam-key-remediator.jar run [--dry-run] [--event FILE]
                   java -jar iam-key-remediator.jar audit --credential-report FILE [--as-of YYYY-MM-DD] [--json]
                   java -jar iam-key-remediator.jar rollup
                   java -jar iam-key-remediator.jar --help | --version

            run         Perform exactly one scheduled run, as the Lambda function does: read the mode from SSM,
                        inventory the account's IAM users and access keys, decide with the rules, act in enforce
                        mode, publish the digest to TOPIC_ARN (or log it when TOPIC_ARN is unset), and print the
                        run summary as JSON on stdout. Logs go to stderr.
              --dry-run   Change nothing, whatever the mode parameter says.
              --event     Hand this EventBridge event (JSON) to the handler, as Lambda would: an AWS Health or
                          Trusted Advisor event about an exposed key is answered on its own (that key alone, no
                          listing of the account); any other event is the scheduled run.
            audit       Run the rules on a credential report file, with no AWS call: the CSV of
                        aws iam get-credential-report --query Content --output text | base64 -d
                        (the command's JSON answer is read too). Prints a table, or JSON with --json.
              --as-of     Evaluate as at the end of that UTC day (default: now), e.g. the day the report was taken.
            rollup      Perform one organization roll-up, as the roll-up function does: read the member accounts'
                        run summaries from ROLLUP_QUEUE_URL, publish one organization digest to ROLLUP_TOPIC_ARN,
                        naming the accounts in EXPECTED_ACCOUNTS (a comma list, or organization) not heard from,
                        then delete the messages read. Prints its result as JSON.
            --help      Show this text.
            --version   Print the release version.

            The account is the one the standard AWS SDK configuration points at: AWS_PROFILE or AWS_ACCESS_KEY_ID,
            AWS_REGION, AWS_ENDPOINT_URL (e.g. an emulator), AWS_RETRY_MODE, AWS_MAX_ATTEMPTS.

            Settings (environment, defaults in brackets; audit reads the rules' settings too):
            %s
            Exit status of run: 0 the run succeeded; 1 the run failed (no inventory, digest not delivered, or keys
            not processed); 2 bad command line; 3 invalid configuration.
            Exit status of rollup: 0 published; 1 not published (every message stays for the next roll-up), or
            the queue could not be read; 3 invalid configuration (ROLLUP_QUEUE_URL, ROLLUP_TOPIC_ARN, EXPECTED_ACCOUNTS).
            Exit status of audit: 0 nothing would be deactivated or deleted; 1 something would; 2 bad command line
            or a malformed report (the line and the column named); 3 invalid configuration.
            """.formatted(settingsHelp());

    /** One line per variable, from {@link Settings#variables()}: the defaults are written there and only there. */
    private static String settingsHelp() {
        StringBuilder help = new StringBuilder();
        for (Settings.Variable v : Settings.variables()) {
            help.append("  %-30s %s [%s]%n".formatted(v.name(), v.meaning(), v.defaultValue()));
        }
        return help.toString();
    }

    private LocalRunner() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.getenv(), System.out, System.err));
    }

    static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.print(USAGE_TEXT);
            return OK;
        }
        if (args.equals(List.of("--version"))) {
            out.println(Release.nameAndVersion());
            return OK;
        }
        if (!args.isEmpty() && args.get(0).equals("audit")) {
            return AuditCommand.run(args.subList(1, args.size()), env, out, err);
        }
        if (!args.isEmpty() && args.get(0).equals("rollup")) {
            return args.size() == 1 ? rollup(env, out, err) : usage(err, "unknown command or option: " + args.get(1));
        }
        if (args.isEmpty() || !args.get(0).equals("run")) {
            return usage(err, args.isEmpty() ? "missing command" : "unknown command or option: " + String.join(" ", args));
        }
        byte[] event = "{}".getBytes(StandardCharsets.UTF_8);
        for (int i = 1; i < args.size(); i++) {
            if (args.get(i).equals("--event") && i + 1 < args.size()) {
                String file = args.get(++i);
                try {
                    event = Files.readAllBytes(Path.of(file));
                } catch (IOException | InvalidPathException e) {
                    err.println("cannot read the event file %s: %s".formatted(file, e.getMessage()));
                    return USAGE;
                }
            } else if (!args.get(i).equals("--dry-run")) {
                return usage(err, "unknown command or option: " + args.get(i));
            }
        }
        Remediator remediator;
        try {
            remediator = Wiring.fromEnvironment(env);
        } catch (ConfigurationException e) {
            e.problems().forEach(p -> err.println("configuration error: " + p));
            return CONFIGURATION;
        }
        if (args.contains("--dry-run")) {
            remediator = remediator.forcingDryRun();
        }
        return invoke(new RemediatorHandler(remediator), event, out);
    }

    /** One organization roll-up; its result on stdout. */
    private static int rollup(Map<String, String> env, PrintStream out, PrintStream err) {
        RollupHandler handler;
        try {
            handler = new RollupHandler(RollupHandler.fromEnvironment(env));
        } catch (ConfigurationException e) {
            e.problems().forEach(p -> err.println("configuration error: " + p));
            return CONFIGURATION;
        }
        try {
            out.println(handler.run().toJson());
            return OK;
        } catch (RollupFailedException e) {
            out.println(e.result().toJson());
            return RUN_FAILED;
        } catch (RollupException e) {
            err.println("roll-up failed: " + e.getMessage());
            return RUN_FAILED;
        }
    }

    private static int usage(PrintStream err, String problem) {
        err.println(problem);
        err.print(USAGE_TEXT);
        return USAGE;
    }

    /** Exactly what Lambda does: the handler with the event (an empty one by default), its result on stdout. */
    static int invoke(RemediatorHandler handler, byte[] event, PrintStream out) {
        try {
            ByteArrayOutputStream result = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(event), result, new LocalContext());
            out.println(result.toString(StandardCharsets.UTF_8));
            return OK;
        } catch (RunFailedException e) {
            out.println(e.summary().toJson());
            return RUN_FAILED;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
