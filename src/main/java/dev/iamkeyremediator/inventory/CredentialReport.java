package dev.iamkeyremediator.inventory;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The IAM credential report: one row per user, the columns the rules need, the special values ({@code N/A},
 * {@code no_information}, {@code not_supported}) read as absent, the {@code <root_account>} row kept apart.
 *
 * @param generatedAt when IAM generated the report (it can be up to 4 hours old)
 * @param rows        one per IAM user, by user name
 * @param root        the {@code <root_account>} row, when the report has one
 */
public record CredentialReport(Instant generatedAt, Map<String, Row> rows, Optional<Row> root) {

    static final String ROOT_ACCOUNT = User.ROOT;

    /** The columns the rules read; the report's others (MFA, certificates, regions) are not needed. */
    static final List<String> COLUMNS = List.of("user", "arn", "user_creation_time", "password_enabled",
            "access_key_1_active", "access_key_1_last_rotated", "access_key_1_last_used_date",
            "access_key_1_last_used_service", "access_key_2_active", "access_key_2_last_rotated",
            "access_key_2_last_used_date", "access_key_2_last_used_service");

    private static final Set<String> ABSENT = Set.of("N/A", "no_information", "not_supported", "");
    private static final CsvMapper CSV = new CsvMapper();

    public CredentialReport {
        rows = Map.copyOf(rows);
        root = root == null ? Optional.empty() : root;
    }

    public Optional<Row> row(String userName) {
        return Optional.ofNullable(rows.get(userName));
    }

    /**
     * One user's row.
     *
     * @param user             the user name
     * @param arn              the user's ARN
     * @param userCreationTime when the user was created
     * @param passwordEnabled  whether the user has a console password (true, false, or absent when unknown)
     * @param keys             the access key slots that hold a key (zero, one or two)
     */
    public record Row(String user, String arn, Instant userCreationTime, Optional<Boolean> passwordEnabled,
            List<KeySlot> keys) {
        public Row {
            keys = List.copyOf(keys);
        }

        public Row(String user, Instant userCreationTime, Optional<Boolean> passwordEnabled, List<KeySlot> keys) {
            this(user, "arn:aws:iam::000000000000:user/" + user, userCreationTime, passwordEnabled, keys);
        }

        /**
         * The user as the report shows it: keys named by slot, each created at the latest at its last_rotated (a
         * key's creation or last change) or its last use, whichever is earlier; an unknown password counts as set.
         */
        public User asUser(Map<String, String> tags, Set<String> policies, Source source) {
            List<AccessKey> accessKeys = new ArrayList<>();
            for (KeySlot slot : keys) {
                Instant createdBy = slot.lastUsed() != null && slot.lastUsed().isBefore(slot.lastRotated())
                        ? slot.lastUsed() : slot.lastRotated();
                accessKeys.add(AccessKey.fromReport(slot.slot(), user, slot.active() ? KeyStatus.ACTIVE : KeyStatus.INACTIVE,
                        createdBy, slot.lastUsed(), slot.lastUsedService(), slot.lastUsedRegion()));
            }
            return new User(user, arn, userCreationTime, passwordEnabled.orElse(true), tags, accessKeys, source,
                    policies);
        }
    }

    /**
     * One access key as the report sees it: no key id, and {@code lastRotated} is when the key was created or last
     * changed (its status), so the key's CreateDate is at or before it.
     *
     * @param slot            1 or 2, the report's column group
     * @param lastUsedService the service of the last use, or null
     * @param lastUsedRegion  the region of the last use, or null (an optional column)
     */
    public record KeySlot(int slot, boolean active, Instant lastRotated, Instant lastUsed, String lastUsedService,
            String lastUsedRegion) {

        public KeySlot(int slot, boolean active, Instant lastRotated, Instant lastUsed, String lastUsedService) {
            this(slot, active, lastRotated, lastUsed, lastUsedService, null);
        }
    }

    /**
     * @throws MalformedCredentialReportException when a column is missing or a value cannot be read, naming the line
     *                                            and the column
     */
    public static CredentialReport parse(byte[] csv, Instant generatedAt) {
        List<Map<String, String>> records = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        try (MappingIterator<Map<String, String>> it = CSV.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv)) {
            while (it.hasNext()) {
                int line = it.getCurrentLocation().getLineNr();
                records.add(it.next());
                lines.add(line);
            }
            if (it.getParserSchema() instanceof CsvSchema header) {
                for (String column : COLUMNS) {
                    if (header.column(column) == null) {
                        throw new MalformedCredentialReportException("line 1 (the header): column " + column
                                + " is missing", null);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof MalformedCredentialReportException malformed) {
                throw malformed;
            }
            throw new MalformedCredentialReportException("unreadable CSV: " + e.getMessage(), e);
        }
        if (records.isEmpty()) {
            throw new MalformedCredentialReportException("no rows", null);
        }
        Map<String, Row> rows = new HashMap<>();
        Optional<Row> root = Optional.empty();
        for (int i = 0; i < records.size(); i++) {
            Row row = row(records.get(i), lines.get(i));
            if (row.user().equals(ROOT_ACCOUNT)) {
                root = Optional.of(row);
            } else {
                rows.put(row.user(), row);
            }
        }
        return new CredentialReport(generatedAt, rows, root);
    }

    /** One record; {@code line} for the errors. The root's has no creation date of its own in some reports. */
    private static Row row(Map<String, String> record, int line) {
        String where = "line %d (user '%s')".formatted(line, record.get("user"));
        for (String column : COLUMNS) {
            if (!record.containsKey(column)) {
                throw new MalformedCredentialReportException("%s, column %s: no value (the row is short)"
                        .formatted(where, column), null);
            }
        }
        String user = record.get("user");
        if (user == null || user.isBlank()) {
            throw new MalformedCredentialReportException("line %d, column user: no user name".formatted(line), null);
        }
        Optional<Instant> creation = date(record, "user_creation_time", where);
        if (creation.isEmpty() && !user.equals(ROOT_ACCOUNT)) {
            throw new MalformedCredentialReportException(where + ", column user_creation_time: no date", null);
        }
        Instant created = creation.orElse(Instant.EPOCH);
        List<KeySlot> keys = new ArrayList<>();
        for (int slot = 1; slot <= 2; slot++) {
            String prefix = "access_key_" + slot + "_";
            boolean active = bool(record, prefix + "active", where).orElse(false);
            Optional<Instant> rotated = date(record, prefix + "last_rotated", where);
            if (active || rotated.isPresent()) {
                keys.add(new KeySlot(slot, active, rotated.orElse(null),
                        date(record, prefix + "last_used_date", where).orElse(null),
                        value(record, prefix + "last_used_service").orElse(null),
                        value(record, prefix + "last_used_region").orElse(null)));
            }
        }
        return new Row(user, record.get("arn"), created, bool(record, "password_enabled", where), keys);
    }

    private static Optional<String> value(Map<String, String> record, String column) {
        String value = record.get(column);
        return value == null || ABSENT.contains(value.trim()) ? Optional.empty() : Optional.of(value.trim());
    }

    private static Optional<Boolean> bool(Map<String, String> record, String column, String where) {
        return value(record, column).map(v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new MalformedCredentialReportException(
                    "%s, column %s: '%s' is not true or false".formatted(where, column, v), null);
        });
    }

    private static Optional<Instant> date(Map<String, String> record, String column, String where) {
        return value(record, column).map(v -> {
            try {
                return OffsetDateTime.parse(v).toInstant();
            } catch (DateTimeParseException e) {
                throw new MalformedCredentialReportException(
                        "%s, column %s: '%s' is not a date".formatted(where, column, v), e);
            }
        });
    }
}
