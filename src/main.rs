fn main() {
    settle::start();
}
