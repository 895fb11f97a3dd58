# Cross-build for 32-bit ARM (hard float) with Debian's cross compiler and
# multiarch libraries: gcc-arm-linux-gnueabihf, libcap-dev:armhf, libkeyutils-dev:armhf.
#   cmake -S . -B build-armhf -DCMAKE_TOOLCHAIN_FILE=vm/toolchains/armhf.cmake -DSUITE_STATIC=ON
set(CMAKE_SYSTEM_PROCESSOR arm)
set(SUITE_TRIPLET arm-linux-gnueabihf)
set(SUITE_QEMU_USER qemu-arm-static)
include(${CMAKE_CURRENT_LIST_DIR}/debian-cross.cmake)
