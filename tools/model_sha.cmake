# Hash of what a replay depends on besides the scenario: the driver model
# and the simulated kernel it runs on (file names and contents, in sorted
# order).  Run at build time: cmake -DSRC=... -DOUT=... -P model_sha.cmake
file(GLOB_RECURSE files RELATIVE ${SRC}
    ${SRC}/model/*.c ${SRC}/model/*.h
    ${SRC}/sim/kern/*.c ${SRC}/sim/net/*.c ${SRC}/sim/net/*.h
    ${SRC}/sim/fs/*.c ${SRC}/sim/fs/*.h ${SRC}/sim/sys/*.h
    ${SRC}/sim/netinet/*.h ${SRC}/sim/libkern/*.c ${SRC}/sim/security/*.h)
list(SORT files)
set(all "")
foreach(f ${files})
  file(SHA256 ${SRC}/${f} h)
  string(APPEND all "${f} ${h}\n")
endforeach()
string(SHA256 sha "${all}")
set(text "/* Generated at build time by tools/model_sha.cmake. */\n#define\tTUNSIM_MODEL_SHA256\t\"${sha}\"\n")
if(EXISTS ${OUT})
  file(READ ${OUT} old)
endif()
if(NOT "${old}" STREQUAL "${text}")
  file(WRITE ${OUT} "${text}")
endif()
