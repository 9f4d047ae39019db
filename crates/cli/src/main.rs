fn main() { println!("ansinh"); }
