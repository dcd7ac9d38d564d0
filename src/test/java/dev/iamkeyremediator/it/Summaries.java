package dev.iamkeyremediator.it;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iamkeyremediator.report.RunSummary;
import java.util.LinkedHashMap;
import java.util.Map;

/** A run summary as the JSON object the handler returns, for assertions by field name. */
public final class Summaries {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Summaries() {
    }

    public static Map<String, Object> map(RunSummary summary) {
        return JSON.convertValue(summary, new TypeReference<LinkedHashMap<String, Object>>() { });
    }
}
