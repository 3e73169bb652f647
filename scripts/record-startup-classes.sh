#!/bin/sh
# Records which classes a start of the hub loads, in order, into the list the hub preloads on a second thread
# (org.lineshub.hub.system.ClassPreloader). Run it from the project's root after `./mvnw -B -q -DskipTests package`
# when dependencies changed; a stale list only loses time, never correctness.
set -eu
jar=hub-core/target/lines-hub.jar
list=hub-core/src/main/resources/org/lineshub/hub/system/startup-classes.txt
port=${PORT:-18099}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$jar" "$work/lines-hub.jar"
mkdir -p "$work/data" && cp -r data/plugins "$work/data/" 2>/dev/null || true
cp -r routes "$work/" 2>/dev/null || true
(cd "$work" && exec java -Xlog:class+load=info:file=classes.log -jar lines-hub.jar --server.port="$port" \
    > hub.log 2>&1) &
pid=$!
i=0
until curl -fs -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness"; do
    i=$((i + 1))
    if [ "$i" -gt 1800 ] || ! kill -0 "$pid" 2>/dev/null; then
        echo "the hub did not become ready; see $work/hub.log" >&2
        exit 1
    fi
    sleep 0.1
done
kill "$pid"
wait "$pid" || true
{
    echo '# Classes a start of the hub loads, in order; see org.lineshub.hub.system.ClassPreloader and scripts/record-startup-classes.sh.'
    # classes from the packaged jar only: the JDK's come from its own archive, generated ones cannot be loaded by name
    grep 'source: jar:nested:' "$work/classes.log" | awk '{print $2}' \
        | grep -v -e '\$\$Lambda' -e '\$\$SpringCGLIB' -e '\$\$_' -e 'ByteBuddy' | awk '!seen[$0]++'
} > "$list"
echo "$(grep -vc '^#' "$list") classes written to $list"
