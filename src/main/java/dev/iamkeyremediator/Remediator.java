package dev.iamkeyremediator;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import dev.iamkeyremediator.aws.AwsClients;
import dev.iamkeyremediator.aws.CredentialReportSource;
import dev.iamkeyremediator.aws.IamAccount;
import dev.iamkeyremediator.aws.ReportTriagedInventory;
import dev.iamkeyremediator.aws.SnsDigestPublisher;
import dev.iamkeyremediator.aws.SsmModeSource;
import dev.iamkeyremediator.aws.StsIdentity;
import dev.iamkeyremediator.config.Mode;
import dev.iamkeyremediator.config.ModeSource;
import dev.iamkeyremediator.config.RunMode;
import dev.iamkeyremediator.config.Settings;
import dev.iamkeyremediator.digest.Digest;
import dev.iamkeyremediator.digest.DigestDeliveryException;
import dev.iamkeyremediator.digest.DigestPublisher;
import dev.iamkeyremediator.digest.DigestRenderer;
import dev.iamkeyremediator.digest.LogDigestPublisher;
import dev.iamkeyremediator.inventory.Inventory;
import dev.iamkeyremediator.inventory.InventoryError;
import dev.iamkeyremediator.inventory.InventorySource;
import dev.iamkeyremediator.inventory.InventoryUnavailableException;
import dev.iamkeyremediator.inventory.ReportTriage;
import dev.iamkeyremediator.inventory.RunBudget;
import dev.iamkeyremediator.remediation.Execution;
import dev.iamkeyremediator.remediation.Executor;
import dev.iamkeyremediator.remediation.KeyActions;
import dev.iamkeyremediator.remediation.KeyOutcome;
import dev.iamkeyremediator.remediation.Outcome;
import dev.iamkeyremediator.rules.Plan;
import dev.iamkeyremediator.rules.Planner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scheduled run: mode, identity, inventory, plan, execute, digest. The Lambda handler and the local {@code run}
 * command both call {@link #run()}; its collaborators are built once per container.
 */
public final class Remediator {

    private static final Logger LOG = LoggerFactory.getLogger(Remediator.class);
    /** How long to wait for IAM to generate the credential report before reading every user live instead. */
    static final Duration REPORT_DEADLINE = Duration.ofMinutes(2);

    private final Settings settings;
    private final ModeSource modeSource;
    private final IdentitySource identity;
    private final InventorySource inventorySource;
    private final KeyActions keyActions;
    private final DigestPublisher publisher;
    private final Clock clock;
    private final Planner planner;
    private final DigestRenderer renderer = new DigestRenderer();

    public Remediator(Settings settings, ModeSource modeSource, IdentitySource identity,
            InventorySource inventorySource, KeyActions keyActions, DigestPublisher publisher, Clock clock) {
        this.settings = settings;
        this.modeSource = modeSource;
        this.identity = identity;
        this.inventorySource = inventorySource;
        this.keyActions = keyActions;
        this.publisher = publisher;
        this.clock = clock;
        this.planner = Planner.fromSettings(settings);
    }

    /** Wires the real AWS collaborators from an environment (Lambda's, or a local shell's). */
    public static Remediator fromEnvironment(Map<String, String> env) {
        Settings settings = Settings.fromEnvironment(env);
        return forClients(settings, AwsClients.fromEnvironment(settings.iamConcurrency() + 4), Clock.systemUTC());
    }

    /** Wires the AWS collaborators from given clients (tests pass clients pointed at an emulator). */
    public static Remediator forClients(Settings settings, AwsClients clients, Clock clock) {
        return forClients(settings, clients, clock, InventoryStrategy.REPORT_TRIAGE);
    }

    /** How the account is inventoried: report triage (the default), or every user read live. */
    public enum InventoryStrategy {
        REPORT_TRIAGE,
        LIVE_SCAN
    }

    public static Remediator forClients(Settings settings, AwsClients clients, Clock clock, InventoryStrategy strategy) {
        IamAccount account = new IamAccount(clients.iam(), settings.iamConcurrency(),
                Planner.fromSettings(settings).initialSetup());
        InventorySource inventory = strategy == InventoryStrategy.LIVE_SCAN ? account
                : new ReportTriagedInventory(account, new CredentialReportSource(clients.iam(), REPORT_DEADLINE, clock),
                        new ReportTriage(settings), clock);
        DigestPublisher publisher = settings.digestTopics().isEmpty()
                ? new LogDigestPublisher()
                : new SnsDigestPublisher(clients.sns(), settings.digestTopics());
        return new Remediator(settings, new SsmModeSource(clients.ssm(), settings.modeParameterName()),
                new StsIdentity(clients.sts(), clients.credentials()), inventory, account, publisher, clock);
    }

    /** A copy that never enforces, whatever the mode parameter says. */
    public Remediator forcingDryRun() {
        return new Remediator(settings, Mode::forcedDryRun, identity, inventorySource, keyActions, publisher, clock);
    }

    public RunSummary run() {
        return run(RunBudget.UNLIMITED);
    }

    /** One run; once {@code budget} is exhausted no new user read or action starts, and the run fails. */
    public RunSummary run(RunBudget budget) {
        Instant startedAt = clock.instant();
        Mode read = modeSource.read();
        read.warning().ifPresentOrElse(w -> LOG.error("mode fell back to dry-run: {}", w),
                () -> LOG.info("mode", entry("mode", read.mode().parameterValue()), entry("reason", read.reason())));
        Mode mode = read;
        List<String> failures = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<InventoryError> errors = new ArrayList<>();

        String accountId = "unknown";
        Set<String> protectedKeys = Set.of();
        try {
            CallerIdentity caller = identity.identify();
            accountId = caller.accountId();
            protectedKeys = Set.of(caller.signingAccessKeyId());
        } catch (IdentityUnavailableException e) {
            // without the signing key or the account, no write may happen: the run is a dry-run, says why, and fails
            String warning = "the run's identity could not be established (%s): this run writes nothing and fails"
                    .formatted(e.getMessage());
            LOG.error(warning);
            if (mode.enforce()) {
                mode = new Mode(RunMode.DRY_RUN, "SSM says enforce, but " + warning, Optional.of(warning));
            } else {
                warnings.add(warning);
            }
            errors.add(new InventoryError(null, "identity", e.getMessage()));
            failures.add("identity unknown: " + e.getMessage());
        }

        Inventory inventory;
        try {
            inventory = inventorySource.read(budget);
        } catch (InventoryUnavailableException e) {
            LOG.error("no inventory: {}", e.getMessage());
            errors.add(new InventoryError(null, "inventory", e.getMessage()));
            failures.add("no inventory: " + e.getMessage());
            inventory = Inventory.live(List.of(), 0, List.of(), "none");
        }
        errors.addAll(inventory.errors());
        long notRead = inventory.errors().stream().filter(e -> IamAccount.NOT_PROCESSED.equals(e.operation())).count();
        long unreadable = inventory.errors().size() - notRead;
        if (unreadable > 0) {
            failures.add("%d users could not be read".formatted(unreadable));
            warnings.add("%d users could not be read and were not evaluated: see Errors".formatted(unreadable));
        }

        Plan plan = planner.plan(inventory, startedAt);
        Execution execution = new Executor(keyActions, planner, settings)
                .execute(plan, mode, protectedKeys, inventory.keyCount(), budget);
        List<KeyOutcome> outcomes = execution.outcomes();
        errors.addAll(execution.errors());
        if (!execution.errors().isEmpty()) {
            failures.add("%d backout marker writes or re-reads failed".formatted(execution.errors().size()));
        }
        long notActed = outcomes.stream().filter(o -> o.outcome() == Outcome.NOT_PROCESSED).count();
        if (notRead > 0 || notActed > 0) {
            String why = "the run's time budget ran out: %d users not read, %d keys not acted on".formatted(notRead, notActed);
            failures.add(why);
            warnings.add(why + "; the next run continues");
        }
        RunReport report = new RunReport(startedAt, accountId, mode, inventory.strategy(), inventory.userCount(),
                inventory.keyCount(), outcomes, errors, warnings);
        long failedActions = report.count(Outcome.FAILED);
        if (failedActions > 0) {
            failures.add("%d keys could not be processed".formatted(failedActions));
        }

        Digest digest = renderer.render(report);
        List<String> delivery;
        try {
            delivery = publisher.publish(digest);
        } catch (DigestDeliveryException e) {
            LOG.error("digest not delivered ({}); the whole digest follows\n{}", e.getMessage(), digest.fullText());
            delivery = List.of("not delivered: " + e.getMessage());
            failures.add("digest not delivered: " + e.getMessage());
        }
        long duration = clock.millis() - startedAt.toEpochMilli();
        RunSummary summary = RunSummary.of(report, Math.max(0, duration), digest.parts().size(), delivery, failures);
        LOG.info("run finished", entry("status", summary.status()), entry("mode", summary.mode()),
                entry("outcomes", summary.outcomes()), entry("durationMillis", summary.durationMillis()));
        return summary;
    }
}
