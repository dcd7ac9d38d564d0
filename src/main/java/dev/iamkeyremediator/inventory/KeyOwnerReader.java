package dev.iamkeyremediator.inventory;

import java.util.Optional;

/** Reads the user of one access key, and nothing else of the account: the exposed-key event's narrow read. */
@FunctionalInterface
public interface KeyOwnerReader {

    /**
     * @param accessKeyId the key
     * @return the key's user, read live (its keys, the named key's last use, its tags); empty when the key is not in
     *         this account
     * @throws ReadException when a read fails after the SDK's retries
     */
    Optional<User> ownerOf(String accessKeyId);
}
