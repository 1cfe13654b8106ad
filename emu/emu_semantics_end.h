/* emu_semantics_end.h: ends an engine's binding of emu_semantics.h by undefining every name the binding defines. */
/* No include guard: an engine includes this after each function that binds
 * the names, so the next binding starts from a clean slate. */
#undef SEM_A
#undef SEM_CI
#undef SEM_S
#undef SEM_STORED
#undef SEM_HALT
#undef VMCASE
#undef VMBREAK
#undef VMOPERAND
#undef VMNEXT
