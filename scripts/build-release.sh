#!/bin/sh
# The release build of sselint, as shipped: a static binary (no Swift runtime needed) whose functions that a run
# executes sit side by side. The kernel maps a program's code in blocks of 64 KiB or more around each page a run
# touches: the code a run executes (about 1 MB for an nginx config), scattered over 25 MB, kept 10.4 MiB of it
# resident in every run; placed together, 6.9 MiB (a 100-server config: 18.8 -> 15.2 MiB peak; bench/README.md,
# ninth section). packaging/hot-functions.order names them (scripts/order-functions.py writes it); a function it
# does not name only costs memory.
#
#   scripts/build-release.sh [swift build options...]     # binary: .build/ordered/release/sselint
#
# Its own build directory: SwiftPM does not rebuild objects made without function sections when the flag is added.
# `-Xfrontend -function-sections`, not the driver's `-function-sections`, on which SwiftPM 6.3 crashes when it
# checks a build for changes. Linux only (gold's --section-ordering-file); elsewhere the plain static build.
set -eu
cd "$(dirname "$0")/.."
if [ "$(uname -s)" = Linux ]; then
    # SwiftPM does not know the order file is an input of the link: relinked when it is newer than the binary.
    bin=.build/ordered/release/sselint
    if [ -e "$bin" ] && [ packaging/hot-functions.order -nt "$bin" ]; then rm -f "$bin"; fi
    # libstdc++ linked in too (the Swift runtime's C++ library): loaded as a shared library, its relocations and
    # symbol lookups were a fifth of an empty run's instructions and 1.9 ms of its 6.6 ms (bench/README.md,
    # eighteenth section). The static stdlib's link arguments name `-lstdc++` themselves, so the driver's
    # `-static-libstdc++` does not reach it: a directory searched first holds a `libstdc++.so` that is a linker
    # script naming the static archive (as glibc's own libc.so is). Without the archive, the shared library as before.
    stdcxx=.build/ordered/static-libstdc++
    archive=$(clang -print-file-name=libstdc++.a 2>/dev/null || true)
    if [ -f "$archive" ]; then
        mkdir -p "$stdcxx"
        printf 'INPUT("%s")\n' "$archive" > "$stdcxx/libstdc++.so"
        set -- "$@" -Xlinker -L"$PWD/$stdcxx"
    else
        rm -rf "$stdcxx"
        echo "sselint: libstdc++.a not found (clang -print-file-name): libstdc++ stays a shared library" >&2
    fi
    swift build -c release --static-swift-stdlib --product sselint --scratch-path .build/ordered \
        -Xswiftc -Xfrontend -Xswiftc -function-sections -Xcc -ffunction-sections \
        -Xlinker --section-ordering-file="$PWD/packaging/hot-functions.order" "$@"
    # Said, not assumed: the linker takes the first libstdc++ its search path offers.
    if [ -f "$archive" ] && command -v readelf > /dev/null && readelf -d "$bin" | grep -q 'libstdc++'; then
        echo "sselint: the binary still loads libstdc++ as a shared library (the static archive was not taken)" >&2
    fi
else
    swift build -c release --static-swift-stdlib --product sselint --scratch-path .build/ordered "$@"
fi
echo "sselint: .build/ordered/release/sselint"
