package dev.iamkeyremediator.remediation;

import dev.iamkeyremediator.inventory.AccessKey;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The live reads and the writes the executor needs. Every method throws {@link KeyActionException} on failure. */
public interface KeyActions {

    /** The user's keys as IAM has them now, each with its last use. */
    List<AccessKey> currentKeys(String userName);

    /** The user's tags as IAM has them now (an exemption added since the inventory must count). */
    Map<String, String> currentTags(String userName);

    /** Sets the key Inactive. Deactivating an Inactive key is a no-op. */
    void deactivate(String userName, String accessKeyId);

    /** Deletes the key. A key that no longer exists counts as deleted. */
    void delete(String userName, String accessKeyId);

    /** Adds or overwrites the user's tags (backout markers only: the role may write no other tag). */
    void tag(String userName, Map<String, String> tags);

    /** Removes the user's tags with these keys; a tag that is not there is no error. */
    void untag(String userName, Collection<String> tagKeys);
}
