package dev.iamkeyremediator.rules;

import java.time.LocalDate;
import java.util.Optional;

/**
 * A write to a user's backout markers: mark a key Inactive since a day, or remove its marker.
 *
 * @param accessKeyId the key the marker names
 * @param tagKey      the tag to write or remove
 * @param markSince   the day to record; empty to remove the marker
 * @param reason      why, for people
 */
public record MarkerChange(String accessKeyId, String tagKey, Optional<LocalDate> markSince, String reason) {

    public static MarkerChange mark(String accessKeyId, LocalDate day, String reason) {
        return new MarkerChange(accessKeyId, BackoutMarkers.tagKey(accessKeyId), Optional.of(day), reason);
    }

    public static MarkerChange remove(BackoutMarkers.Marker marker, String reason) {
        return new MarkerChange(marker.accessKeyId(), marker.tagKey(), Optional.empty(), reason);
    }

    public boolean removes() {
        return markSince.isEmpty();
    }
}
