package dev.iamkeyremediator.aws;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import dev.iamkeyremediator.inventory.CredentialReport;
import dev.iamkeyremediator.inventory.Inventory;
import dev.iamkeyremediator.inventory.InventorySource;
import dev.iamkeyremediator.inventory.ReportTriage;
import dev.iamkeyremediator.inventory.RunBudget;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.iam.model.User;

/**
 * The inventory at the cost of the users that matter: every user is listed, the credential report settles the
 * clearly healthy ones, and the others are read live exactly as the live scan reads them. When the report cannot be
 * had, the whole account is read live and the strategy says why.
 */
public final class ReportTriagedInventory implements InventorySource {

    private static final Logger LOG = LoggerFactory.getLogger(ReportTriagedInventory.class);

    private final IamAccount account;
    private final CredentialReportSource reports;
    private final ReportTriage triage;
    private final Clock clock;

    public ReportTriagedInventory(IamAccount account, CredentialReportSource reports, ReportTriage triage, Clock clock) {
        this.account = account;
        this.reports = reports;
        this.triage = triage;
        this.clock = clock;
    }

    @Override
    public Inventory read(RunBudget budget) {
        List<User> listed = account.listUsers();
        CredentialReport report;
        try {
            report = reports.fetch();
        } catch (CredentialReportSource.ReportUnavailableException e) {
            LOG.warn("falling back to the live scan", entry("reason", e.getMessage()));
            IamAccount.UsersRead all = account.readUsers(listed, budget);
            return Inventory.live(all.users(), listed.size(), all.errors(),
                    IamAccount.LIVE_SCAN + " (" + e.getMessage() + ")");
        }
        Instant now = clock.instant();
        if (Duration.between(report.generatedAt(), now).compareTo(ReportTriage.MAX_REPORT_AGE) > 0) {
            LOG.warn("credential report claims to be older than IAM's 4-hour bound; margins assume 4 hours",
                    entry("generatedAt", report.generatedAt().toString()));
        }
        List<User> toRead = new ArrayList<>();
        int settledKeys = 0;
        for (User user : listed) {
            Optional<CredentialReport.Row> row = report.row(user.userName());
            if (row.isEmpty() || triage.needsLiveRead(row.get(), now, report.generatedAt()).isPresent()) {
                toRead.add(user);
            } else {
                settledKeys += row.get().keys().size();
            }
        }
        IamAccount.UsersRead read = account.readUsers(toRead, budget);
        int liveKeys = read.users().stream().mapToInt(u -> u.accessKeys().size()).sum();
        String strategy = "credential report triage: %d of %d users read live (report generated %s)"
                .formatted(toRead.size(), listed.size(), report.generatedAt());
        LOG.info("inventory", entry("strategy", strategy), entry("settledKeys", settledKeys));
        return new Inventory(read.users(), listed.size(), settledKeys + liveKeys, read.errors(), strategy);
    }
}
