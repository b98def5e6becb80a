# Defines the INTERFACE target hsc::idx (hsc/io/idx.hpp: gzip-compressed IDX files, read through
# zlib) when zlib is found (Debian: zlib1g-dev). Sets HSC_IDX_FOUND. Used by hsc's own build and by
# the installed hscConfig.cmake, where it is the component `idx`.
find_package(ZLIB QUIET)
if(ZLIB_FOUND)
  set(HSC_IDX_FOUND TRUE)
  if(NOT TARGET hsc::idx)
    add_library(hsc::idx INTERFACE IMPORTED)
    set_target_properties(hsc::idx PROPERTIES INTERFACE_LINK_LIBRARIES "hsc::hsc;ZLIB::ZLIB")
  endif()
else()
  set(HSC_IDX_FOUND FALSE)
endif()
