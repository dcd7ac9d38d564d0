package dev.iamkeyremediator.inventory;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One IAM access key as seen by a run. Never holds a secret.
 *
 * @param accessKeyId     the key id (AKIA...)
 * @param userName        the owning user
 * @param status          Active or Inactive
 * @param createDate      when the key was created
 * @param lastUsedDate    when IAM last saw the key sign a request; null when IAM has no date
 * @param lastUsedService the service of that last use, or null
 * @param reportSlot      0 for a key read live; 1 or 2 for a key known only from the credential report's slot of
 *                        that number, whose id was not read ({@code accessKeyId} is then "key 1" or "key 2", and
 *                        {@code createDate} is the report's last_rotated or last use, whichever is earlier: the
 *                        latest the key can have been created)
 * @param lastUsedRegion  the region of that last use, or null
 */
public record AccessKey(String accessKeyId, String userName, KeyStatus status, Instant createDate,
        Instant lastUsedDate, String lastUsedService, int reportSlot, String lastUsedRegion) {

    /** IAM records key use only since this day; a key older than it without a last use has unknown usage. */
    public static final Instant USAGE_TRACKING_START = Instant.parse("2015-04-22T00:00:00Z");

    public AccessKey(String accessKeyId, String userName, KeyStatus status, Instant createDate, Instant lastUsedDate,
            String lastUsedService) {
        this(accessKeyId, userName, status, createDate, lastUsedDate, lastUsedService, 0, null);
    }

    public AccessKey(String accessKeyId, String userName, KeyStatus status, Instant createDate, Instant lastUsedDate,
            String lastUsedService, int reportSlot) {
        this(accessKeyId, userName, status, createDate, lastUsedDate, lastUsedService, reportSlot, null);
    }

    /** A key known only from slot 1 or 2 of the credential report. */
    public static AccessKey fromReport(int slot, String userName, KeyStatus status, Instant createDate,
            Instant lastUsedDate, String lastUsedService) {
        return fromReport(slot, userName, status, createDate, lastUsedDate, lastUsedService, null);
    }

    public static AccessKey fromReport(int slot, String userName, KeyStatus status, Instant createDate,
            Instant lastUsedDate, String lastUsedService, String lastUsedRegion) {
        return new AccessKey("key " + slot, userName, status, createDate, lastUsedDate, lastUsedService, slot,
                lastUsedRegion);
    }

    /** Whether the key's id was read (it was, unless the key is known only from the credential report). */
    public boolean identified() {
        return reportSlot == 0;
    }

    public AccessKey {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createDate, "createDate");
    }

    public Optional<Instant> lastUsed() {
        return Optional.ofNullable(lastUsedDate);
    }

    /** Last use if IAM has one, else creation. */
    public Instant lastActivity() {
        return lastUsedDate != null ? lastUsedDate : createDate;
    }

    /** Created before IAM tracked key use and no use recorded since: it may have been used, we cannot know. */
    public boolean usageUnknown() {
        return lastUsedDate == null && createDate.isBefore(USAGE_TRACKING_START);
    }

    /** Known never to have signed a request. */
    public boolean neverUsed() {
        return lastUsedDate == null && !usageUnknown();
    }

    public boolean active() {
        return status == KeyStatus.ACTIVE;
    }

    public AccessKey withStatus(KeyStatus newStatus) {
        return new AccessKey(accessKeyId, userName, newStatus, createDate, lastUsedDate, lastUsedService, reportSlot,
                lastUsedRegion);
    }
}
