# Compile flags that must match the LLVM/Clang we link against at load time:
# its definitions, its include directories and its RTTI setting. Anything
# that includes a Clang header goes through dbsession_llvm_flags().
separate_arguments(_dbsession_llvm_defs NATIVE_COMMAND "${LLVM_DEFINITIONS}")

function(dbsession_llvm_flags target)
  target_include_directories(${target} SYSTEM PRIVATE
                             ${LLVM_INCLUDE_DIRS} ${CLANG_INCLUDE_DIRS})
  target_compile_options(${target} PRIVATE ${_dbsession_llvm_defs})
  if(NOT LLVM_ENABLE_RTTI)
    target_compile_options(${target} PRIVATE -fno-rtti)
  endif()
  target_compile_options(${target} PRIVATE -Wall -Wextra)
  # GCC 12 warns "'this' pointer is null" inside LLVM's own
  # LazyOffsetPtr::get (ExternalASTSource.h) wherever CXXRecordDecl::bases()
  # is inlined; the warning is about LLVM's header, not about our code.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${target} PRIVATE -Wno-nonnull)
  endif()
endfunction()
