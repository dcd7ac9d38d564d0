package dev.iamkeyremediator.aws;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import dev.iamkeyremediator.InventorySource;
import dev.iamkeyremediator.RunBudget;
import dev.iamkeyremediator.inventory.CredentialReport;
import dev.iamkeyremediator.inventory.Inventory;
import dev.iamkeyremediator.inventory.User;
import dev.iamkeyremediator.rules.ReportTriage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inventory at the cost of the users that matter: every user is listed with its tags, the credential report is
 * read, and the triage (which asks the rules) settles each user from the report, takes its report-only findings from
 * it, or sends it to a live read, which is also the re-check of the writes decided on it. Users whose row disagrees
 * with the listing are read live. When the report cannot be had, the whole account is read live and the strategy
 * says why.
 */
public final class ReportTriagedInventory implements InventorySource {

    private static final Logger LOG = LoggerFactory.getLogger(ReportTriagedInventory.class);

    private final IamReader reader;
    private final CredentialReportSource reports;
    private final ReportTriage triage;
    private final Clock clock;

    public ReportTriagedInventory(IamReader reader, CredentialReportSource reports, ReportTriage triage, Clock clock) {
        this.reader = reader;
        this.reports = reports;
        this.triage = triage;
        this.clock = clock;
    }

    @Override
    public Inventory read(RunBudget budget) {
        // IAM generates the report while the account is listed
        CompletableFuture<CredentialReport> fetching = CompletableFuture.supplyAsync(reports::fetch,
                runnable -> Thread.ofVirtual().start(runnable));
        IamReader.Listing listing = reader.listUsers();
        CredentialReport report;
        try {
            report = fetching.join();
        } catch (CompletionException failed) {
            if (!(failed.getCause() instanceof CredentialReportSource.ReportUnavailableException e)) {
                throw failed;
            }
            LOG.warn("falling back to the live scan", entry("reason", e.getMessage()));
            IamReader.Reads<User> all = reader.readUsers(listing.users(), listing.at(), budget);
            return Inventory.live(all.values(), listing.users().size(), all.errors(),
                    IamReader.LIVE_SCAN + " (" + e.getMessage() + ")");
        }
        Instant now = clock.instant();
        if (Duration.between(report.generatedAt(), now).compareTo(ReportTriage.MAX_REPORT_AGE) > 0) {
            LOG.info("credential report claims to be older than IAM's 4-hour bound; margins assume 4 hours",
                    entry("generatedAt", report.generatedAt().toString()));
        }
        List<IamReader.Listed> toRead = new ArrayList<>();
        List<User> fromReport = new ArrayList<>();
        Map<ReportTriage.Need, Integer> counts = new EnumMap<>(ReportTriage.Need.class);
        int reportKeys = 0;
        for (IamReader.Listed user : listing.users()) {
            Optional<CredentialReport.Row> row = report.row(user.userName());
            if (row.isEmpty()) {
                toRead.add(user); // created after the report
                counts.merge(ReportTriage.Need.LIVE, 1, Integer::sum);
                continue;
            }
            ReportTriage.Verdict verdict = triage.triage(row.get(), user.createDate(), user.tags(), now,
                    report.generatedAt());
            counts.merge(verdict.need(), 1, Integer::sum);
            switch (verdict.need()) {
                case LIVE -> toRead.add(user);
                case REPORT -> fromReport.add(verdict.fromReport().orElseThrow());
                case NOTHING -> { }
            }
            if (verdict.need() != ReportTriage.Need.LIVE) {
                reportKeys += row.get().keys().size();
            }
        }
        IamReader.Reads<User> live = reader.readUsers(toRead, listing.at(), budget);
        List<User> users = new ArrayList<>(live.values());
        users.addAll(fromReport);
        int liveKeys = live.values().stream().mapToInt(u -> u.accessKeys().size()).sum();
        String strategy = "credential report triage: %d of %d users read live, %d from the report (report generated %s)"
                .formatted(toRead.size(), listing.users().size(), fromReport.size(), report.generatedAt());
        LOG.info("inventory", entry("strategy", strategy), entry("triage", counts));
        return new Inventory(users, listing.users().size(), reportKeys + liveKeys, toRead.size(), live.errors(), strategy);
    }
}
