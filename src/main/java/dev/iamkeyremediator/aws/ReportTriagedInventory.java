package dev.iamkeyremediator.aws;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import dev.iamkeyremediator.errors.RunError;
import dev.iamkeyremediator.inventory.AccessKey;
import dev.iamkeyremediator.inventory.CredentialReport;
import dev.iamkeyremediator.inventory.Inventory;
import dev.iamkeyremediator.inventory.InventorySource;
import dev.iamkeyremediator.inventory.SlotMatch;
import dev.iamkeyremediator.inventory.Source;
import dev.iamkeyremediator.inventory.User;
import dev.iamkeyremediator.report.LeftoverTag;
import dev.iamkeyremediator.rules.ReportTriage;
import dev.iamkeyremediator.time.Days;
import dev.iamkeyremediator.time.RunBudget;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;

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
                    IamReader.LIVE_SCAN + " (" + e.getMessage() + ")").withExemptions(reader.exemptions(all.values()));
        }
        Triaged triaged = triage(listing, report);
        IamReader.Reads<User> live = reader.readUsers(triaged.toRead(), listing.at(), budget);
        List<User> users = new ArrayList<>(live.values());
        users.addAll(triaged.fromReport());
        Named naming = nameKeys(triaged.toName(), listing.at(), budget);
        List<User> named = naming.users();
        users.addAll(named);
        rootUser(report).ifPresent(users::add);
        int liveKeys = live.values().stream().mapToInt(u -> u.accessKeys().size()).sum();
        long namedLive = named.stream().filter(u -> u.source().live()).count();
        String strategy = ("credential report triage: %d of %d users read live, %d from the report with their keys named"
                + " (%d of them read live to tell their keys apart), %d from the report (report generated %s)")
                .formatted(triaged.toRead().size(), listing.users().size(), named.size(), namedLive,
                        triaged.fromReport().size(), report.generatedAt());
        LOG.info("inventory", entry("strategy", strategy), entry("triage", triaged.counts()));
        Inventory.Exemptions readLive = reader.exemptions(live.values());
        return new Inventory(users, listing.users().size(), triaged.reportKeys() + liveKeys,
                triaged.toRead().size() + (int) namedLive,
                live.errors(), strategy, new Inventory.Exemptions(readLive.usersWithKeys() + triaged.exemptions()
                        .usersWithKeys(), readLive.exempt() + triaged.exemptions().exempt()), naming.warnings());
    }

    /**
     * A user known from the credential report whose keys a line must name by id (something upcoming, an exemption
     * ending, a description tag that may be left over).
     *
     * @param listed     the user as listed
     * @param row        its report row
     * @param fromReport the user as the report shows it
     */
    private record ToName(IamReader.Listed listed, CredentialReport.Row row, User fromReport) {
    }

    /**
     * Names the keys of users known from the report with one {@code ListAccessKeys} each, matched to the report's
     * slots ({@link SlotMatch}); a user whose slots cannot be matched for certain is read live instead. A user whose
     * call fails keeps its slots (its lines say they come from the report).
     */
    private Named nameKeys(List<ToName> users, Instant listedAt, RunBudget budget) {
        IamReader.Reads<User> named = reader.inParallel(users, budget, t -> t.listed().userName(),
                t -> named(t, listedAt));
        Map<String, User> byName = new HashMap<>();
        named.values().forEach(u -> byName.put(u.userName(), u));
        List<String> warnings = named.errors().stream().map(e -> ("%s: its keys are named by their credential report"
                + " slot, %s failed: %s").formatted(e.subject(), e.operation(), e.message())).toList();
        warnings.forEach(w -> LOG.warn("keys not named", entry("reason", w)));
        return new Named(users.stream().map(t -> byName.getOrDefault(t.listed().userName(), t.fromReport())).toList(),
                warnings);
    }

    /** The users from the report with their keys named where it could be done, and why not elsewhere. */
    private record Named(List<User> users, List<String> warnings) {
    }

    private IamReader.UserRead named(ToName user, Instant listedAt) {
        try {
            List<AccessKeyMetadata> listed = reader.listAccessKeys(user.listed().userName());
            List<AccessKey> keys = listed.stream().map(k -> IamReader.accessKey(k, null)).toList();
            return SlotMatch.identify(user.fromReport(), user.row(), keys).<IamReader.UserRead>map(
                    IamReader.UserRead.Found::new).orElseGet(() -> reader.readUser(user.listed(), Optional.of(listedAt),
                    true, Optional.of(listed)));
        } catch (SdkException e) {
            return new IamReader.UserRead.Failed(RunError.read(user.listed().userName(), "ListAccessKeys",
                    AwsErrors.describe(e)));
        }
    }

    /** The root user as the report shows it, when it holds an access key: its own rule judges it. */
    private static Optional<User> rootUser(CredentialReport report) {
        return report.root().filter(row -> !row.keys().isEmpty() && row.keys().stream().allMatch(k -> k.lastRotated() != null))
                .map(row -> row.asUser(Map.of(), Set.of(), Source.report(report.generatedAt())));
    }

    /**
     * The listing sorted by the triage.
     *
     * @param toRead     users to read live
     * @param fromReport users whose report-only findings the report gives
     * @param toName     users from the report whose lines must name their keys by id
     * @param reportKeys the keys of the users not read live, as the report counts them
     * @param counts     users per verdict, for the log
     * @param exemptions the users not read live that hold keys, and how many of them are exempt
     */
    private record Triaged(List<IamReader.Listed> toRead, List<User> fromReport, List<ToName> toName,
            int reportKeys,
            Map<ReportTriage.Need, Integer> counts, Inventory.Exemptions exemptions) {
    }

    private Triaged triage(IamReader.Listing listing, CredentialReport report) {
        Instant now = clock.instant();
        logIfOlderThanIamAllows(report, now);
        List<IamReader.Listed> toRead = new ArrayList<>();
        List<User> fromReport = new ArrayList<>();
        List<ToName> toName = new ArrayList<>();
        Map<ReportTriage.Need, Integer> counts = new EnumMap<>(ReportTriage.Need.class);
        int reportKeys = 0;
        int holding = 0;
        int exempt = 0;
        LocalDate today = Days.day(now);
        for (IamReader.Listed user : listing.users()) {
            Optional<CredentialReport.Row> row = report.row(user.userName());
            if (row.isEmpty()) {
                toRead.add(user); // created after the report
                counts.merge(ReportTriage.Need.LIVE, 1, Integer::sum);
                continue;
            }
            ReportTriage.Verdict verdict = triage.triage(row.get(), user.createDate(), user.tags(), user.policies(), now,
                    report.generatedAt());
            counts.merge(verdict.need(), 1, Integer::sum);
            Source source = Source.report(report.generatedAt());
            switch (verdict.need()) {
                case LIVE -> toRead.add(user);
                case REPORT -> {
                    User reported = verdict.fromReport().orElseThrow();
                    if (verdict.namesKeys() || LeftoverTag.mayDescribeKeys(user.tags())) {
                        toName.add(new ToName(user, row.get(), reported));
                    } else {
                        fromReport.add(reported);
                    }
                }
                case NOTHING -> {
                    if (LeftoverTag.mayDescribeKeys(user.tags())) { // a description tag that may be left over
                        // named even without a key in the report, which may predate a key and its description
                        toName.add(new ToName(user, row.get(), row.get().asUser(user.tags(), user.policies(), source)));
                    }
                }
            }
            if (verdict.need() != ReportTriage.Need.LIVE) {
                reportKeys += row.get().keys().size();
                if (!row.get().keys().isEmpty()) {
                    holding++;
                    exempt += triage.exempt(user.tags(), today) ? 1 : 0;
                }
            }
        }
        return new Triaged(toRead, fromReport, toName, reportKeys, counts, new Inventory.Exemptions(holding, exempt));
    }

    private static void logIfOlderThanIamAllows(CredentialReport report, Instant now) {
        if (Duration.between(report.generatedAt(), now).compareTo(ReportTriage.MAX_REPORT_AGE) > 0) {
            LOG.info("credential report claims to be older than IAM's 4-hour bound; margins assume 4 hours",
                    entry("generatedAt", report.generatedAt().toString()));
        }
    }
}
