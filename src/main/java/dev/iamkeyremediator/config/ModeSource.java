package dev.iamkeyremediator.config;

/** Where a run learns its mode. Implementations must never throw: every failure is a dry-run {@link Mode}. */
@FunctionalInterface
public interface ModeSource {
    Mode read();
}
