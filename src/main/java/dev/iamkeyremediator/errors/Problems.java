package dev.iamkeyremediator.errors;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Everything that went wrong in one run, recorded in one place as the run goes: the errors the digest names, the
 * failures that make the run fail (and the error alarm fire), and the warnings that head the digest. Used by the
 * run's own thread only.
 */
public final class Problems {

    private final List<RunError> errors = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    public void error(RunError error) {
        errors.add(error);
    }

    public void errors(Collection<RunError> more) {
        errors.addAll(more);
    }

    /** The run fails, for this reason. */
    public void fail(String why) {
        failures.add(why);
    }

    /** This heads the digest. */
    public void warn(String warning) {
        warnings.add(warning);
    }

    public List<RunError> errors() {
        return List.copyOf(errors);
    }

    public List<String> failures() {
        return List.copyOf(failures);
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }
}
