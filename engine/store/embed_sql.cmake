# Writes OUT as a C++ initializer list of {name, sql} pairs, one per file in FILES.
set(content "// Generated from schemas/sql by embed_sql.cmake. Do not edit.\n")
foreach(file IN LISTS FILES)
  get_filename_component(name ${file} NAME)
  file(READ ${file} sql)
  string(APPEND content "{\"${name}\", R\"yishi_sql(${sql})yishi_sql\"},\n")
endforeach()
file(WRITE ${OUT} "${content}")
