package dev.iamkeyremediator.rules;

import dev.iamkeyremediator.inventory.AccessKey;
import dev.iamkeyremediator.inventory.Seal;
import dev.iamkeyremediator.inventory.User;
import dev.iamkeyremediator.time.Days;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The backout window: deactivate, wait, then delete. An Inactive key is deleted {@code DELETE_AFTER_DAYS} calendar
 * days after the date its marker records (the day this tool deactivated it, or first saw it Inactive), if it is still
 * Inactive and was not used on or after that date. Its last use does not start the countdown: a key deactivated
 * yesterday is never deleted today, whatever its age.
 *
 * <p>{@link #review} says which markers a user needs: a key first seen Inactive is marked; a marker on a key that is
 * Active again, was used on or after its date, or no longer exists is void and is removed (re-dated when the key is
 * still Inactive). So is a marker the tool did not write (no valid seal), and one dated in the future or before its
 * key was created: whoever can tag a user cannot bring a deletion forward. Markers are not actions.
 */
public final class StaleInactiveKeyRule implements Rule {

    public static final String ID = "STALE_INACTIVE_KEY";
    public static final Setting DELETE_AFTER_DAYS = new Setting("DELETE_AFTER_DAYS", 30, 0, 3650,
            "days an Inactive key is kept after it was marked, before it is deleted");
    static final RuleDefinition DEFINITION = new RuleDefinition(List.of(DELETE_AFTER_DAYS),
            s -> new StaleInactiveKeyRule(s.get(DELETE_AFTER_DAYS)));

    private final int deleteAfterDays;

    public StaleInactiveKeyRule(int deleteAfterDays) {
        this.deleteAfterDays = deleteAfterDays;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String standards() {
        return "inactive keys should be dropped; deactivate-then-delete backout";
    }

    @Override
    public List<String> requirements() {
        return List.of();
    }

    /** Whether a marker holds is a matter of key ids and tags, which the credential report does not give. */
    @Override
    public Optional<String> whyReadLive(User asReported) {
        if (!BackoutMarkers.read(asReported.tags()).isEmpty()) {
            return Optional.of("a backout marker: whether it holds depends on key ids");
        }
        return asReported.accessKeys().stream().filter(key -> !key.active()).findFirst()
                .map(key -> "%s is Inactive: its backout marker is a tag".formatted(key.accessKeyId()));
    }

    @Override
    public String upcomingCondition() {
        return "if still Inactive and unused";
    }

    /** The day a key marked Inactive since {@code since} may be deleted. */
    public LocalDate deleteOn(LocalDate since) {
        return since.plusDays(deleteAfterDays);
    }

    @Override
    public List<Finding> evaluate(User user, Map<String, Action> decided, Instant now) {
        List<Finding> findings = new ArrayList<>();
        Map<String, BackoutMarkers.Marker> markers = BackoutMarkers.read(user);
        for (AccessKey key : user.accessKeys()) {
            Optional<LocalDate> since = standing(key, markers.get(key.accessKeyId()), Days.day(now)).since();
            if (key.active() || since.isEmpty()) {
                continue;
            }
            Instant dueAt = Days.startOf(deleteOn(since.get()));
            if (Days.reached(dueAt, now)) {
                findings.add(new Finding(key.accessKeyId(), this, Action.DELETE, dueAt,
                        "Inactive since %s (marked), not used since; the %d-day backout window is over"
                                .formatted(since.get(), deleteAfterDays)));
            }
        }
        return findings;
    }

    /**
     * Where a key's marker stands.
     *
     * @param since       the marker's date, when the marker holds
     * @param voidBecause why it does not, for people (the countdown then restarts)
     * @param kept        the marker neither holds nor is replaced on this run: its seal could not be checked
     */
    private record Standing(Optional<LocalDate> since, String voidBecause, boolean kept) {

        static Standing voided(String why) {
            return new Standing(Optional.empty(), why, false);
        }
    }

    /**
     * The marker's date, unless the marker is void: there is none, the tool did not write it (its seal), it holds no
     * date, a date in the future or before the key was created, or the key was used on or after that date.
     */
    private static Standing standing(AccessKey key, BackoutMarkers.Marker marker, LocalDate today) {
        if (marker == null) {
            return Standing.voided("first seen Inactive");
        }
        if (marker.seal() == Seal.UNCHECKED) {
            return new Standing(Optional.empty(), marker.seal().why()
                    + ": the marker is kept as it is, and the key is not deleted on this run", true);
        }
        if (!marker.seal().trusted()) {
            return Standing.voided("its marker does not count: " + marker.seal().why() + "; the countdown restarts");
        }
        if (marker.since().isEmpty()) {
            return Standing.voided("its marker holds '%s', not a date: the countdown restarts"
                    .formatted(clip(marker.value())));
        }
        LocalDate day = marker.since().get();
        if (day.isAfter(today)) {
            return Standing.voided("its marker is dated %s, in the future: the countdown restarts".formatted(day));
        }
        LocalDate created = Days.day(key.createDate());
        if (day.isBefore(created)) {
            return Standing.voided("its marker is dated %s, before the key was created on %s: the countdown restarts"
                    .formatted(day, created));
        }
        Optional<LocalDate> used = key.lastUsed().map(Days::day).filter(u -> !u.isBefore(day));
        if (used.isPresent()) {
            return Standing.voided("used on %s, after it was marked on %s: the countdown restarts".formatted(used.get(),
                    day));
        }
        return new Standing(Optional.of(day), "", false);
    }

    /**
     * Where one key stands in the backout window.
     *
     * @param since    the day its valid marker records, or today for a key about to be marked
     * @param deleteOn the day it may be deleted, when it is (or is about to be) marked
     * @param change   the marker write it needs, if any
     * @param blocked  why a marker it needs cannot be written (the user's tags are full)
     */
    public record KeyState(Optional<LocalDate> since, Optional<LocalDate> deleteOn, Optional<MarkerChange> change,
            Optional<String> blocked) {

        public static final KeyState NONE = new KeyState(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());

        public boolean hasNews() {
            return since.isPresent() || change.isPresent() || blocked.isPresent();
        }
    }

    /**
     * @param keys    each key's state, by key id
     * @param changes every marker write the user needs (for keys that exist, and removals of markers of keys gone)
     */
    public record Review(Map<String, KeyState> keys, List<MarkerChange> changes) {

        public static final Review NONE = new Review(Map.of(), List.of());

        public KeyState of(String accessKeyId) {
            return keys.getOrDefault(accessKeyId, KeyState.NONE);
        }
    }

    /** The markers the user needs on {@code today}, without any action of this run. */
    public Review review(User user, LocalDate today) {
        Map<String, BackoutMarkers.Marker> markers = BackoutMarkers.read(user);
        Map<String, KeyState> states = new LinkedHashMap<>();
        List<MarkerChange> removals = new ArrayList<>();
        Map<String, MarkerChange> marks = new LinkedHashMap<>();
        for (AccessKey key : user.accessKeys()) {
            BackoutMarkers.Marker marker = markers.get(key.accessKeyId());
            if (key.active()) {
                if (marker != null) {
                    removals.add(MarkerChange.remove(marker, "Active again since it was marked"));
                }
                continue;
            }
            Standing standing = standing(key, marker, today);
            if (standing.kept()) {
                states.put(key.accessKeyId(), new KeyState(Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.of(standing.voidBecause())));
            } else if (standing.since().isPresent()) {
                LocalDate since = standing.since().get();
                states.put(key.accessKeyId(), new KeyState(standing.since(), Optional.of(deleteOn(since)),
                        Optional.empty(), Optional.empty()));
            } else {
                marks.put(key.accessKeyId(), MarkerChange.mark(key.accessKeyId(), today, standing.voidBecause()));
            }
        }
        Set<String> keyIds = new java.util.HashSet<>();
        user.accessKeys().forEach(k -> keyIds.add(k.accessKeyId()));
        markers.values().stream().filter(m -> !keyIds.contains(m.accessKeyId()))
                .forEach(m -> removals.add(MarkerChange.remove(m, "the key no longer exists")));
        List<MarkerChange> candidates = new ArrayList<>(removals);
        candidates.addAll(marks.values());
        MarkerPlan plan = MarkerPlan.of(user.tags(), candidates, List.of(), List.of(), today);
        List<MarkerChange> changes = new ArrayList<>(plan.removals());
        changes.addAll(plan.marks());
        plan.marks().forEach(mark -> states.put(mark.accessKeyId(), new KeyState(Optional.of(today),
                Optional.of(deleteOn(today)), Optional.of(mark), Optional.empty())));
        plan.withoutRoom().forEach(keyId -> states.put(keyId, new KeyState(Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(MarkerPlan.NO_ROOM))));
        removals.forEach(r -> {
            if (keyIds.contains(r.accessKeyId())) {
                states.put(r.accessKeyId(), new KeyState(Optional.empty(), Optional.empty(), Optional.of(r),
                        Optional.empty()));
            }
        });
        return new Review(states, changes);
    }

    private static String clip(String value) {
        String v = value == null ? "" : value;
        return (v.length() > 20 ? v.substring(0, 20) + "..." : v).replaceAll("\\p{Cntrl}", "?");
    }
}
