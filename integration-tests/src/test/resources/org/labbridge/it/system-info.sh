#!/bin/sh
# A minimal stand-in for Netdata's system-info.sh, which Debian's netdata-core 1.37.1 does not ship: without
# it the agent's system info stays unset and a streaming child aborts (free() of an invalid pointer in its
# STREAM_SENDER thread) when it connects to its parent. Netdata reads these KEY=VALUE lines at start.
cat <<INFO
NETDATA_CONTAINER_OS_NAME=none
NETDATA_CONTAINER_OS_ID=none
NETDATA_CONTAINER_OS_ID_LIKE=none
NETDATA_CONTAINER_OS_VERSION=none
NETDATA_CONTAINER_OS_VERSION_ID=none
NETDATA_CONTAINER_OS_DETECTION=none
NETDATA_CONTAINER_IS_OFFICIAL_IMAGE=false
NETDATA_HOST_OS_NAME=$(. /etc/os-release 2>/dev/null; echo "${NAME:-unknown}")
NETDATA_HOST_OS_ID=$(. /etc/os-release 2>/dev/null; echo "${ID:-unknown}")
NETDATA_HOST_OS_ID_LIKE=unknown
NETDATA_HOST_OS_VERSION=$(. /etc/os-release 2>/dev/null; echo "${VERSION_ID:-unknown}")
NETDATA_HOST_OS_VERSION_ID=$(. /etc/os-release 2>/dev/null; echo "${VERSION_ID:-unknown}")
NETDATA_HOST_OS_DETECTION=/etc/os-release
NETDATA_SYSTEM_KERNEL_NAME=$(uname -s)
NETDATA_SYSTEM_KERNEL_VERSION=$(uname -r)
NETDATA_SYSTEM_ARCHITECTURE=$(uname -m)
NETDATA_SYSTEM_VIRTUALIZATION=unknown
NETDATA_SYSTEM_VIRT_DETECTION=none
NETDATA_SYSTEM_CONTAINER=unknown
NETDATA_SYSTEM_CONTAINER_DETECTION=none
NETDATA_SYSTEM_CPU_LOGICAL_CPU_COUNT=$(nproc 2>/dev/null || echo 1)
NETDATA_SYSTEM_CPU_FREQ=unknown
NETDATA_SYSTEM_CPU_VENDOR=unknown
NETDATA_SYSTEM_CPU_MODEL=unknown
NETDATA_SYSTEM_CPU_DETECTION=none
NETDATA_SYSTEM_TOTAL_RAM=unknown
NETDATA_SYSTEM_RAM_DETECTION=none
NETDATA_SYSTEM_TOTAL_DISK_SIZE=unknown
NETDATA_SYSTEM_DISK_DETECTION=none
INFO
