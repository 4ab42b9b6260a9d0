# shellcheck shell=bash
# Install the Debian packages the project needs.  Source this file, then call
# ipmsg_install_deps.  Runs apt-get (through sudo when not root) only when
# something is missing, and installs tshark without the debconf question about
# non-root capture.  Used by setup.sh and run-tests.sh.

# iproute2 (ip netns, veth) and libcap2-bin (setcap): tests/capture; python3:
# tests/replay flattens tshark's JSON; wireshark-qt, xvfb, xdotool and
# imagemagick: tests/gui (Wireshark under Xvfb, driven and photographed);
# ethtool: samples/record-scripted.sh (offloads off on its links); cppcheck and
# clang-tidy: tools/static-checks.sh (the test static.checks);
# libgcrypt20-dev: core/ipmsg_decrypt.c (libwireshark-dev pulls it in too, but
# the core's decryption library and its unit test use it directly).
IPMSG_DEPS=(build-essential cmake pkg-config libglib2.0-dev libwireshark-dev wireshark-dev
            tshark libcmocka-dev libgcrypt20-dev libpcap-dev iproute2 libcap2-bin clang libclang-rt-14-dev man-db python3
            wireshark-qt xvfb xdotool imagemagick ethtool cppcheck clang-tidy)

ipmsg_install_deps() {
    local p missing=() sudo=()
    for p in "${IPMSG_DEPS[@]}"; do
        if ! dpkg-query -W -f='${db:Status-Status}\n' "$p" 2>/dev/null | grep -qx installed; then
            missing+=("$p")
        fi
    done
    if [ ${#missing[@]} -eq 0 ]; then
        echo "deps: all ${#IPMSG_DEPS[@]} packages installed"
        return 0
    fi
    if [ "$(id -u)" != 0 ]; then
        if ! command -v sudo >/dev/null; then
            echo "deps: missing ${missing[*]}; run as root or install sudo" >&2
            return 1
        fi
        sudo=(sudo)
    fi
    echo "deps: installing ${missing[*]}"
    echo "wireshark-common wireshark-common/install-setuid boolean false" |
        "${sudo[@]}" debconf-set-selections || return 1
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q || return 1
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -q --no-install-recommends "${missing[@]}" || return 1
}
