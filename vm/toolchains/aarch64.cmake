# Cross-build for 64-bit ARM with Debian's cross compiler
# (gcc-aarch64-linux-gnu, libc6-dev-arm64-cross) and the target's libcap and
# libkeyutils: either a sysroot (vm/cross-build.sh fetches one) or multiarch
# libcap-dev:arm64 and libkeyutils-dev:arm64.
#   cmake -S . -B build-aarch64 -DCMAKE_TOOLCHAIN_FILE=vm/toolchains/aarch64.cmake -DSUITE_STATIC=ON [-DSUITE_SYSROOT=DIR]
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(SUITE_TRIPLET aarch64-linux-gnu)
set(SUITE_QEMU_USER qemu-aarch64-static)
include(${CMAKE_CURRENT_LIST_DIR}/debian-cross.cmake)
