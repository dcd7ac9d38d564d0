package dev.iamkeyremediator.rollup;

import java.util.List;

/** The accounts a roll-up expects to hear from. */
public interface AccountDirectory {

    /**
     * @return the account ids, sorted
     * @throws RollupException when they cannot be listed
     */
    List<String> expected();
}
