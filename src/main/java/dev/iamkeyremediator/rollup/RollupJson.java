package dev.iamkeyremediator.rollup;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The roll-up's one JSON mapper. */
final class RollupJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private RollupJson() {
    }
}
