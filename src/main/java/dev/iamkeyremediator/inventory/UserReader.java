package dev.iamkeyremediator.inventory;

import java.util.Optional;

/** Reads one user again, live, when its earlier read is too old to decide a write on. */
public interface UserReader {

    /**
     * @return the user as IAM has it now (keys, last use, tags, the password where a rule needs it), read at a known
     *         instant; empty when the user no longer exists
     * @throws ReadException when the read fails after the SDK's retries
     */
    Optional<User> reread(User user);
}
