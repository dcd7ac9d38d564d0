# Used by `sam build` (BuildMethod: makefile): the Lambda artifact is the shaded jar, placed in lib/ where the Java
# runtime puts it on the classpath.
.PHONY: build-RemediatorFunction build-RollupFunction

build-RemediatorFunction:
	bash -c '. scripts/setup.sh && find_jdk && ./mvnw -B -q package -DskipTests'
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp target/iam-key-remediator.jar "$(ARTIFACTS_DIR)/lib/"

# the organization roll-up (deploy/rollup.yaml): the same jar, another handler
build-RollupFunction: build-RemediatorFunction
