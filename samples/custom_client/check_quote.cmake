# cmake -DDOC=FILE.md -DSOURCE=FILE -P check_quote.cmake: fails unless DOC holds SOURCE's
# text whole, in a ```cpp block.
file(READ ${DOC} doc)
file(READ ${SOURCE} source)
string(FIND "${doc}" "```cpp\n${source}```" at)
if(at EQUAL -1)
  message(FATAL_ERROR "${DOC} does not quote ${SOURCE} as it is now: copy the file into its ```cpp block")
endif()
