package dev.iamkeyremediator.identity;

/** Tells the run who it is. */
@FunctionalInterface
public interface IdentitySource {
    CallerIdentity identify();
}
