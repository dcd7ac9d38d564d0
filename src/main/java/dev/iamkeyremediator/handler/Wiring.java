package dev.iamkeyremediator.handler;

import dev.iamkeyremediator.aws.AwsClients;
import dev.iamkeyremediator.aws.CredentialReportSource;
import dev.iamkeyremediator.aws.IamKeyOwnerReader;
import dev.iamkeyremediator.aws.IamReader;
import dev.iamkeyremediator.aws.IamWriter;
import dev.iamkeyremediator.aws.KmsMarkerSeal;
import dev.iamkeyremediator.aws.ReportTriagedInventory;
import dev.iamkeyremediator.aws.SecurityHubPublisher;
import dev.iamkeyremediator.aws.SnsChatPublisher;
import dev.iamkeyremediator.aws.SnsDigestPublisher;
import dev.iamkeyremediator.aws.SnsSummaryPublisher;
import dev.iamkeyremediator.aws.SsmModeSource;
import dev.iamkeyremediator.aws.StsIdentity;
import dev.iamkeyremediator.config.Settings;
import dev.iamkeyremediator.inventory.InventorySource;
import dev.iamkeyremediator.publish.ChatPublisher;
import dev.iamkeyremediator.publish.DigestPublisher;
import dev.iamkeyremediator.publish.FindingsPublisher;
import dev.iamkeyremediator.publish.LogDigestPublisher;
import dev.iamkeyremediator.publish.SummaryPublisher;
import dev.iamkeyremediator.rules.Planner;
import dev.iamkeyremediator.rules.ReportTriage;
import dev.iamkeyremediator.run.Remediator;
import dev.iamkeyremediator.trust.Sealer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** Builds a {@link Remediator} from the real AWS collaborators: once per container in Lambda, once per local run. */
public final class Wiring {

    /** How long to wait for IAM to generate the credential report before reading every user live instead. */
    static final Duration REPORT_DEADLINE = Duration.ofMinutes(2);

    /** How the account is inventoried: report triage (the default), or every user read live. */
    public enum InventoryStrategy {
        REPORT_TRIAGE,
        LIVE_SCAN
    }

    private Wiring() {
    }

    /** From an environment (Lambda's, or a local shell's): settings, and clients from the standard AWS chains. */
    public static Remediator fromEnvironment(Map<String, String> env) {
        Settings settings = Settings.fromEnvironment(env);
        return forClients(settings, AwsClients.fromEnvironment(settings.iamConcurrency() + 4), Clock.systemUTC());
    }

    /** From given clients (tests pass clients pointed at an emulator). */
    public static Remediator forClients(Settings settings, AwsClients clients, Clock clock) {
        return forClients(settings, clients, clock, InventoryStrategy.REPORT_TRIAGE);
    }

    public static Remediator forClients(Settings settings, AwsClients clients, Clock clock, InventoryStrategy strategy) {
        Planner planner = settings.planner();
        Sealer sealer = settings.markerKeyArn().map(key -> new Sealer(new KmsMarkerSeal(clients.kms(key), key)))
                .orElse(Sealer.PLAIN);
        IamReader reader = new IamReader(clients.iam(), settings.iamConcurrency(), planner, clock, sealer);
        InventorySource inventory = strategy == InventoryStrategy.LIVE_SCAN ? reader
                : new ReportTriagedInventory(reader, new CredentialReportSource(clients.iam(), REPORT_DEADLINE, clock),
                        new ReportTriage(planner, !settings.securityHub()), clock);
        DigestPublisher publisher = settings.digestTopics().isEmpty()
                ? new LogDigestPublisher()
                : new SnsDigestPublisher(clients::snsFor, settings.digestTopics(), settings.topicArn());
        ChatPublisher chat = settings.chatTopicArn()
                .<ChatPublisher>map(topic -> new SnsChatPublisher(clients.snsFor(topic), topic))
                .orElse(ChatPublisher.NONE);
        FindingsPublisher findings = settings.securityHub()
                ? new SecurityHubPublisher(clients, settings.exemptTagKey(), clock) : FindingsPublisher.NONE;
        return new Remediator(settings, planner, new SsmModeSource(clients, settings.modeParameterName()),
                new StsIdentity(clients.sts(), clients.credentials()), inventory,
                new IamKeyOwnerReader(clients.iam(), clock, sealer), new IamWriter(clients.iam()), reader,
                new Remediator.Channels(publisher, findings, chat, settings.centralTopicArn()
                        .<SummaryPublisher>map(topic -> new SnsSummaryPublisher(clients.snsFor(topic), topic))
                        .orElse(SummaryPublisher.NONE)), clock, sealer);
    }
}
