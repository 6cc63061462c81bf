#!/usr/bin/env bash
# Start a throw-away Virtuoso (Debian's virtuoso-opensource) on loopback, for tests and
# benchmarks of the remote store backend. It never touches the packaged service.
#
# Usage: scripts/start-virtuoso.sh DIR [HTTP_PORT] [SQL_PORT]
# The database lives in DIR/db; the PID is written to DIR/virtuoso.pid and printed.
# Stop it with: kill -TERM "$(cat DIR/virtuoso.pid)"
# A fresh database's DBA account is dba/dba: point TRADEGRAPH_STORE_USER/_PASSWORD at it.
set -euo pipefail
DIR=$(realpath -m "${1:?usage: start-virtuoso.sh DIR [HTTP_PORT] [SQL_PORT]}")
HTTP_PORT=${2:-18890}
SQL_PORT=${3:-11111}
command -v virtuoso-t >/dev/null || {
  echo "start-virtuoso: virtuoso-t not found: install Debian's virtuoso-opensource" \
       "(bash scripts/setup.sh does, as root)" >&2
  exit 3
}
mkdir -p "$DIR/db"
INI="$DIR/virtuoso.ini"
cp /usr/share/virtuoso-opensource-7/virtuoso.ini "$INI" 2>/dev/null \
  || cp /etc/virtuoso-opensource-7/virtuoso.ini "$INI"
set_ini() { inifile +inifile "$INI" +section "$1" +key "$2" +value "$3"; }
for pair in DatabaseFile:virtuoso.db ErrorLogFile:virtuoso.log LockFile:virtuoso.lck \
            TransactionFile:virtuoso.trx xa_persistent_file:virtuoso.pxa; do
  set_ini Database "${pair%%:*}" "$DIR/db/${pair#*:}"
done
set_ini TempDatabase DatabaseFile "$DIR/db/virtuoso-temp.db"
set_ini TempDatabase TransactionFile "$DIR/db/virtuoso-temp.trx"
set_ini Parameters ServerPort "127.0.0.1:$SQL_PORT"      # SQL port: loopback only
set_ini Parameters DirsAllowed ".,/usr/share/virtuoso-opensource-7/vad"
set_ini Parameters MaxSortedTopRows 1000000              # ORDER BY .. LIMIT/OFFSET cap
set_ini HTTPServer ServerPort "127.0.0.1:$HTTP_PORT"     # HTTP port: loopback only
set_ini HTTPServer ServerRoot /var/lib/virtuoso-opensource-7/vsp
set_ini Plugins LoadPath /usr/lib/x86_64-linux-gnu/virtuoso-opensource-7/hosting
set_ini URIQA DefaultHost "localhost:$HTTP_PORT"
set_ini SPARQL ResultSetMaxRows 1000000                  # the default 10000 cuts results silently
set_ini SPARQL MaxQueryExecutionTime 60
virtuoso-t +foreground +configfile "$INI" > "$DIR/stdout.log" 2>&1 &
echo $! > "$DIR/virtuoso.pid"
for _ in $(seq 1 600); do
  curl -sf -o /dev/null "http://127.0.0.1:$HTTP_PORT/sparql?query=ASK%7B%7D" && break
  kill -0 "$(cat "$DIR/virtuoso.pid")" 2>/dev/null || { cat "$DIR/stdout.log" >&2; exit 1; }
  sleep 0.2
done
curl -sf -o /dev/null "http://127.0.0.1:$HTTP_PORT/sparql?query=ASK%7B%7D" || {
  echo "start-virtuoso: no answer on port $HTTP_PORT after 120 s" >&2; exit 1; }
cat "$DIR/virtuoso.pid"
