fn main() {
    ansinh_app::main()
}
