#!/bin/sh
# Runs once when the primary's data directory is created: lets the replica connect for streaming replication.
echo "host replication conduit all scram-sha-256" >> "$PGDATA/pg_hba.conf"
