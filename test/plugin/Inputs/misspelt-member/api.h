// A project's API as one translation unit sees it.
namespace app {
struct Base {
  void release();
};
struct Pool : Base {
  Pool();
  int *GetConn();
};
struct Elsewhere; // declared, not defined here
void helper();
} // namespace app
