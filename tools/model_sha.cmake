# The identity of a binary's model: the hash of the driver model it was
# built from (MODEL: model/if_tuntap.c, or a variant's patched copy) and of
# the simulated kernel it runs on (file names and contents, sorted), and the
# variant name.  Writes OUT (a C file) only when it changes.
#   cmake -DSRC=<root> -DMODEL=<model .c> -DVARIANT=<name or empty>
#         [-DDRIVER=<label>] -DOUT=<model_id.c> -P model_sha.cmake
file(GLOB_RECURSE files RELATIVE ${SRC}
    ${SRC}/model/*.h
    ${SRC}/sim/kern/*.c ${SRC}/sim/net/*.c ${SRC}/sim/net/*.h
    ${SRC}/sim/fs/*.c ${SRC}/sim/fs/*.h ${SRC}/sim/sys/*.h
    ${SRC}/sim/netinet/*.h ${SRC}/sim/netinet6/*.h ${SRC}/sim/dev/*.h
    ${SRC}/sim/libkern/*.c ${SRC}/sim/security/*.h)
list(SORT files)
file(SHA256 ${MODEL} mh)
set(all "model/if_tuntap.c ${mh}\n")
foreach(f ${files})
  file(SHA256 ${SRC}/${f} h)
  string(APPEND all "${f} ${h}\n")
endforeach()
string(SHA256 sha "${all}")
if("${VARIANT}" STREQUAL "")
  set(prog "tunsim")
else()
  set(prog "tunsim-${VARIANT}")
endif()
# A real driver build (-DDRIVER=label) also records the driver file's own
# hash, so a report names the exact file it came from.
if(DEFINED DRIVER)
  set(dfile "${DRIVER}")
  set(dsha "${mh}")
else()
  set(dfile "")
  set(dsha "")
endif()
set(text "/* Generated at build time by tools/model_sha.cmake. */\nconst char tunsim_model_sha256[] = \"${sha}\";\nconst char tunsim_model_variant[] = \"${VARIANT}\";\nconst char tunsim_driver_file[] = \"${dfile}\";\nconst char tunsim_driver_sha256[] = \"${dsha}\";\nconst char tunsim_program[] = \"${prog}\";\n")
if(EXISTS ${OUT})
  file(READ ${OUT} old)
endif()
if(NOT "${old}" STREQUAL "${text}")
  file(WRITE ${OUT} "${text}")
endif()
