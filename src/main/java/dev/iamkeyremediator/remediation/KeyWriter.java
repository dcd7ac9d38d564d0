package dev.iamkeyremediator.remediation;

import java.util.Collection;
import java.util.Map;

/** The writes to IAM. Every method throws {@link WriteException} on failure. */
public interface KeyWriter {

    /** Sets the key Inactive. Deactivating an Inactive key is a no-op. */
    void deactivate(String userName, String accessKeyId);

    /** Deletes the key. A key that no longer exists counts as deleted. */
    void delete(String userName, String accessKeyId);

    /** Adds or overwrites the user's tags (backout markers only: the role may write no other tag). */
    void tag(String userName, Map<String, String> tags);

    /** Removes the user's tags with these keys; a tag that is not there is no error. */
    void untag(String userName, Collection<String> tagKeys);
}
