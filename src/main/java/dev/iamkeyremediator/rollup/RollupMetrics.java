package dev.iamkeyremediator.rollup;


/** The organization's totals as metrics (the embedded metric format, in Lambda), for dashboards and the alarm. */
public interface RollupMetrics {

    RollupMetrics NONE = (report, result) -> { };

    void record(RollupReport report, RollupResult result);
}
